// The plan's weekly report: a week picker (ISO weeks, the document's own `### Week N`, any range — all in the
// URL, so it works without JavaScript), the headline and forecast, the 12-week charts, what changed, per phase,
// document health; "Download markdown" (the CLI's text) and "Append to the plan" (through sync's writer).
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { useActionData, useFetcher, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { ReportBody, ReportPicker, WeekOptionFields } from '../components/ReportView';
import { requirePlan } from '../lib/plan.server';
import { CsrfField } from '../components/CsrfField';
import { cachedForPlan } from '../lib/cache.server';
import { refusalOf, requireCsrf, requireRole } from '../lib/auth.server';
import { loadReportPage, reportQuery } from '../lib/report.server';
import { reportPageView } from '../components/ReportViewHtml';
import { usePlanAbilities } from '../lib/abilities';
import { formOf } from '../lib/form.server';

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const plan = await requirePlan(context, params.slug);
  const url = new URL(request.url);
  const query = reportQuery(url.searchParams);
  // Kept per plan and URL until the plan changes (or 10 s pass, for changes made by another process): a report
  // of a large plan costs a few hundred ms of reads and 10,000 forecast trials. Kept as the page shows it: its
  // static parts as HTML, built once (decision 055), and only that is sent, not the report itself.
  const { page, options } = await cachedForPlan(context, plan.id, `report${url.search}`, async () => {
    const { page, choices } = await loadReportPage(context.tickmark.db, plan, query);
    return reportPageView(page, choices, query);
  });
  return json(
    { slug: plan.slug, query, page, options, search: url.search },
    // A week that cannot be reported is the user's input: 400, with the page and its one line.
    { status: page.ok ? 200 : 400 },
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Report ${data?.page.ok ? data.page.view.week.id : ''} · ${data?.slug ?? 'Plan'} · Tickmark` },
];

const appendForm = z.object({
  intent: z.literal('append'),
  week: z.string().max(200).optional(),
  from: z.string().max(20).optional(),
  to: z.string().max(20).optional(),
  tz: z.string().max(100).optional(),
  weekStart: z.string().max(2).optional(),
  hash: z.string().max(200).optional(),
});

type AppendAnswer = { ok: boolean; message: string };

export async function action({ request, context, params }: ActionFunctionArgs) {
  if (request.method !== 'POST') throw new Response('Method not allowed', { status: 405 });
  const plan = await requirePlan(context, params.slug);
  const data = Object.fromEntries(await formOf(request));
  // A report block changes the document itself: a lead's (on this plan), with the session's form token.
  try {
    requireCsrf(request, context, data);
    await requireRole(request, context, 'lead', plan.id);
  } catch (error) {
    const refused = await refusalOf(error);
    if (!refused) throw error;
    return json<AppendAnswer>({ ok: false, message: refused.message }, { status: refused.status });
  }
  const parsed = appendForm.safeParse(data);
  if (!parsed.success) {
    const message = parsed.error.issues.map((i) => `${i.path.join('.') || 'form'}: ${i.message}`).join('; ');
    return json<AppendAnswer>({ ok: false, message: `Invalid form: ${message}` }, { status: 400 });
  }
  const f = parsed.data;
  const fields = new URLSearchParams();
  for (const k of ['week', 'from', 'to', 'tz', 'weekStart'] as const) if (f[k]) fields.set(k, f[k]!);
  const q = reportQuery(fields);
  const result = await context.tickmark.appendReport(plan.slug, q.selection, {
    timeZone: q.timeZone,
    weekStart: q.weekStart,
    // An empty hash (a plan never synced) checks nothing; the writer imports a moved file first anyway.
    expectHash: f.hash || undefined,
  });
  if (result.ok) {
    return json<AppendAnswer>({
      ok: true,
      message: result.changed
        ? `Wrote the ${result.week} report into the progress log of ${result.file}.`
        : `The ${result.week} report in ${result.file} is already up to date; nothing was written.`,
    });
  }
  const status = { stale: 409, invalid: 400, 'unknown-plan': 404, unavailable: 503, refused: 409, failed: 500 };
  return json<AppendAnswer>({ ok: false, message: result.message }, { status: status[result.reason] });
}

export default function PlanReports() {
  const { slug, query, page, options, search } = useLoaderData<typeof loader>();
  // The answer survives the live reload the append itself sets off (see the overview's forms).
  const fetcher = useFetcher<typeof action>({ key: 'report-append' });
  // Appending writes the report into the document: a lead's.
  const lead = usePlanAbilities().lead;
  const pageAction = useActionData<typeof action>();
  const answer = fetcher.data ?? pageAction;
  const base = `/plans/${encodeURIComponent(slug)}/reports`;
  const view = page.ok ? page.view : null;
  const hidden = <WeekOptionFields query={query} />;
  return (
    <div className="report" data-testid="report">
      <ReportPicker query={query} options={options} search={search} steps={view?.steps ?? null} base={base} />

      {answer ? (
        <p className={`banner ${answer.ok ? 'banner-ok' : 'banner-error'}`} role={answer.ok ? 'status' : 'alert'}>
          {answer.message}
        </p>
      ) : null}

      {!page.ok ? (
        <p className="banner banner-error" role="alert" data-testid="report-error">
          {page.message}
        </p>
      ) : view ? (
        <ReportBody view={view} />
      ) : null}

      {view ? (
        <section className="report-actions no-print" aria-label="Share the report">
          <a className="button" href={`${base}/download${search}`} download data-testid="download">
            Download markdown
          </a>
          {lead ? (
            <>
              <fetcher.Form method="post">
                <CsrfField />
                <input type="hidden" name="intent" value="append" />
                {query.selection.week ? <input type="hidden" name="week" value={query.selection.week} /> : null}
                {query.selection.from ? <input type="hidden" name="from" value={query.selection.from} /> : null}
                {query.selection.to ? <input type="hidden" name="to" value={query.selection.to} /> : null}
                {!query.selection.week && !query.selection.from ? (
                  <input type="hidden" name="week" value={view.week.id} />
                ) : null}
                {hidden}
                <input type="hidden" name="hash" value={page.hash ?? ''} />
                <button type="submit" className="button button-quiet" disabled={fetcher.state !== 'idle'}>
                  Append to the plan
                </button>
              </fetcher.Form>
              <span className="muted small">
                Writes this week&rsquo;s summary into the plan&rsquo;s progress log (replacing the block of the same
                week).
              </span>
            </>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
