// The report page's parts, shared by a plan's Reports tab and the all-plans Reports page: the period picker
// (GET forms: the week lives in the URL), the steps to the previous and next week, and the report itself.
import { Form, Link, useLocation } from '@remix-run/react';
import { BurnupChart, ThroughputChart } from './ReportCharts';
import type { ReportView } from './ReportViewHtml';

export interface ReportQueryData {
  selection: { week?: string; from?: string; to?: string };
  timeZone: string;
  weekStart: number;
}

/** The week options that are not the default, as hidden fields (kept across the other forms). */
export function WeekOptionFields({ query }: { query: ReportQueryData }) {
  return (
    <>
      {query.timeZone !== 'UTC' ? <input type="hidden" name="tz" value={query.timeZone} /> : null}
      {query.weekStart !== 1 ? <input type="hidden" name="weekStart" value={String(query.weekStart)} /> : null}
    </>
  );
}

/** The period picker. The week menu's options (with the shown week selected) are one string of HTML built with
 * the loader's memo (`weekOptionsHtml`); the form is keyed by the URL, so the menu is new for every period. */
export function ReportPicker({
  query,
  options,
  search,
  steps,
  base,
}: {
  query: ReportQueryData;
  options: string;
  search: string;
  /** The steps to the weeks around the shown one (null for a range, or when the period cannot be reported). */
  steps: ReportView['steps'] | null;
  base: string;
}) {
  const hidden = <WeekOptionFields query={query} />;
  return (
    <section className="card report-picker no-print" aria-label="Choose the period">
      <Form method="get" className="picker-form" key={`week-${search}`}>
        <label className="field">
          <span>Week</span>
          <select name="week" data-testid="week-select" dangerouslySetInnerHTML={{ __html: options }} />
        </label>
        <details className="week-settings">
          <summary>Week settings</summary>
          <label className="field">
            <span>Weeks start on</span>
            <select name="weekStart" defaultValue={String(query.weekStart)}>
              {['Monday (ISO)', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'].map((d, i) => (
                <option key={d} value={String(i + 1)}>
                  {d}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Time zone</span>
            <input name="tz" defaultValue={query.timeZone} placeholder="UTC" />
          </label>
        </details>
        <button type="submit" className="button">
          Show week
        </button>
      </Form>
      <details className="range-picker" open={!!query.selection.from || !!query.selection.to}>
        <summary>Any range of days…</summary>
        <Form method="get" className="picker-form" key={`range-${search}`}>
          <label className="field">
            <span>From</span>
            <input type="date" name="from" defaultValue={query.selection.from ?? ''} required />
          </label>
          <label className="field">
            <span>To</span>
            <input type="date" name="to" defaultValue={query.selection.to ?? ''} required />
          </label>
          {hidden}
          <button type="submit" className="button button-quiet">
            Show range
          </button>
        </Form>
      </details>
      {steps ? <WeekSteps steps={steps} base={base} /> : null}
    </section>
  );
}

/** Links to the previous and next week, keeping the URL's other parameters (time zone, week start). */
export function WeekSteps({ steps, base }: { steps: NonNullable<ReportView['steps']>; base: string }) {
  const location = useLocation();
  const link = (week: string) => {
    const p = new URLSearchParams(location.search);
    p.delete('from');
    p.delete('to');
    p.set('week', week);
    return `${base}?${p}`;
  };
  return (
    <p className="week-steps">
      <Link to={link(steps.previous)} rel="prev">
        ← Previous week
      </Link>
      {steps.next ? (
        <Link to={link(steps.next)} rel="next">
          Next week →
        </Link>
      ) : null}
    </p>
  );
}

/** The report: its title, the headline, the two charts (React: they draw on the client), and the rest as the
 * strings of HTML the loader built once for this plan and URL (ReportViewHtml.ts, decision 055). */
export function ReportBody({ view: v }: { view: ReportView }) {
  return (
    <>
      <h2 className="report-title" data-testid="report-week">
        {v.title}
      </h2>
      <section className="stats report-stats" aria-label="Headline" dangerouslySetInnerHTML={{ __html: v.statsHtml }} />

      <div className="grid-2 report-charts">
        <section className="card" aria-labelledby="throughput-h">
          <h3 id="throughput-h">Completed and added per week</h3>
          <ThroughputChart history={v.history} label={v.throughputLabel} />
        </section>
        <section className="card" aria-labelledby="burnup-h">
          <h3 id="burnup-h">Burn-up</h3>
          <BurnupChart history={v.history} label={v.burnupLabel} />
        </section>
      </div>

      <section className="card" aria-labelledby="completed-h" dangerouslySetInnerHTML={{ __html: v.completedHtml }} />
      <section className="card" aria-labelledby="changes-h" dangerouslySetInnerHTML={{ __html: v.changesHtml }} />
      <section className="card" aria-labelledby="phases-h" dangerouslySetInnerHTML={{ __html: v.phasesHtml }} />
      <section className="card" aria-labelledby="history-h" dangerouslySetInnerHTML={{ __html: v.historyHtml }} />
      <section className="card" aria-labelledby="health-h" dangerouslySetInnerHTML={{ __html: v.healthHtml }} />
    </>
  );
}
