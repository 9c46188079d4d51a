// The weekly report across every tracked plan: the same picker and page as a plan's Reports tab, over the plans
// added together (db/queries/report.ts allPlansReport). ISO or calendar weeks and ranges; no document weeks
// and no Append (a report block belongs to one plan).
import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { ReportBody, ReportPicker } from '../components/ReportView';
import { database } from '../lib/plan.server';
import { cachedForPlan } from '../lib/cache.server';
import { loadAllReportPage, reportQuery } from '../lib/report.server';
import { reportPageView } from '../components/ReportViewHtml';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const query = reportQuery(url.searchParams);
  // Plan id 0: dropped by a change to any plan (app/lib/cache.server.ts).
  // Kept as the page shows it: its static parts as HTML, built once (decision 055).
  const { page, options, plans } = await database(() =>
    cachedForPlan(context, 0, `report${url.search}`, async () => {
      const { page, choices, plans } = await loadAllReportPage(context.tickmark.db, query);
      return { ...reportPageView(page, choices, query), plans };
    }),
  );
  return json({ query, page, options, plans, search: url.search }, { status: page.ok ? 200 : 400 });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `All plans report ${data?.page.ok ? data.page.view.week.id : ''} · Tickmark` },
];

export default function AllPlansReport() {
  const { query, page, options, plans, search } = useLoaderData<typeof loader>();
  const view = page.ok ? page.view : null;
  return (
    <div className="page">
      <nav aria-label="Breadcrumb" className="crumbs">
        <Link to="/">Plans</Link>
        <span aria-hidden="true"> / </span>
        <span>Reports</span>
      </nav>
      <div className="page-head">
        <h1>Weekly report: all plans</h1>
        <p className="muted">{plans === 1 ? '1 plan' : `${plans} plans`} added together; phases are named by plan.</p>
      </div>
      <div className="report" data-testid="report">
        <ReportPicker query={query} options={options} search={search} steps={view?.steps ?? null} base="/reports" />
        {!page.ok ? (
          <p className="banner banner-error" role="alert" data-testid="report-error">
            {page.message}
          </p>
        ) : view ? (
          <ReportBody view={view} />
        ) : null}
        {view ? (
          <section className="report-actions no-print" aria-label="Share the report">
            <a className="button" href={`/reports/download${search}`} download data-testid="download">
              Download markdown
            </a>
          </section>
        ) : null}
      </div>
    </div>
  );
}
