// "Download markdown" for the all-plans report (report/render.ts's reportMarkdown, titled "All plans").
import type { LoaderFunctionArgs } from '@remix-run/node';
import { database } from '../lib/plan.server';
import { loadAllReport, reportFileName, reportQuery } from '../lib/report.server';
import { reportMarkdown } from '../../report/render';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const q = reportQuery(new URL(request.url).searchParams);
  const page = await database(() => loadAllReport(context.tickmark.db, q));
  if (!page.ok) {
    return new Response(`${page.message}\n`, { status: 400, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  }
  return new Response(reportMarkdown(page.report), {
    headers: {
      'Content-Type': 'text/markdown; charset=utf-8',
      'Content-Disposition': `attachment; filename="${reportFileName('all-plans', page.report.week.id)}"`,
      'Cache-Control': 'no-store',
    },
  });
}
