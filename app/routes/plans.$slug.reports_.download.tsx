// "Download markdown": the report of the URL's week as a file, the very text `tickmark report` prints
// (report/render.ts's reportMarkdown over the same planReport).
import type { LoaderFunctionArgs } from '@remix-run/node';
import { requirePlan } from '../lib/plan.server';
import { loadReport, reportFileName, reportQuery } from '../lib/report.server';
import { reportMarkdown } from '../../report/render';

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const plan = await requirePlan(context, params.slug);
  const page = await loadReport(context.tickmark.db, plan, reportQuery(new URL(request.url).searchParams));
  if (!page.ok) {
    return new Response(`${page.message}\n`, { status: 400, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  }
  return new Response(reportMarkdown(page.report), {
    headers: {
      'Content-Type': 'text/markdown; charset=utf-8',
      'Content-Disposition': `attachment; filename="${reportFileName(plan.slug, page.report.week.id)}"`,
      'Cache-Control': 'no-store',
    },
  });
}
