// The report page's parts, shared by a plan's Reports tab and the all-plans Reports page: the period picker
// (GET forms: the week lives in the URL), the steps to the previous and next week, and the report itself.
import { Form, Link, useLocation } from '@remix-run/react';
import { BurnupChart, ThroughputChart } from './ReportCharts';
import { DiagnosticItem } from './DiagnosticItem';
import { plural } from '../lib/format';
import type { Report, ReportItem } from '../../report/model';
import { forecastLabel, groupByPhaseAndSection, periodLabel, whoLabel } from '../../report/render';
import { addDays, weekContaining } from '../../report/weeks';

export interface ReportQueryData {
  selection: { week?: string; from?: string; to?: string };
  timeZone: string;
  weekStart: number;
}

export interface WeekChoiceData {
  value: string;
  label: string;
  usable: boolean;
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

export function ReportPicker({
  query,
  choices,
  search,
  report,
  base,
}: {
  query: ReportQueryData;
  choices: { document: WeekChoiceData[]; calendar: WeekChoiceData[]; today: string };
  search: string;
  report: Report | null;
  base: string;
}) {
  const hidden = <WeekOptionFields query={query} />;
  const selectedWeek = report && (report.week.kind === 'range' ? '' : report.week.id);
  return (
    <section className="card report-picker no-print" aria-label="Choose the period">
      <Form method="get" className="picker-form" key={`week-${search}`}>
        <label className="field">
          <span>Week</span>
          <select name="week" defaultValue={selectedWeek ?? query.selection.week ?? ''} data-testid="week-select">
            {choices.document.length ? (
              <optgroup label="The document's weeks">
                {choices.document.map((c) => (
                  <option key={`d-${c.value}`} value={c.value} disabled={!c.usable}>
                    {c.label}
                  </option>
                ))}
              </optgroup>
            ) : null}
            <optgroup label={query.weekStart === 1 ? 'ISO weeks with changes' : 'Weeks with changes'}>
              {choices.calendar.map((c) => (
                <option key={`c-${c.value}`} value={c.value}>
                  {c.label}
                </option>
              ))}
            </optgroup>
          </select>
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
      {report && (report.week.kind === 'iso' || report.week.kind === 'calendar') ? (
        <WeekSteps report={report} base={base} today={choices.today} query={query} />
      ) : null}
    </section>
  );
}

export function WeekSteps({
  report,
  base,
  today,
  query,
}: {
  report: Report;
  base: string;
  today: string;
  query: { timeZone: string; weekStart: number };
}) {
  const location = useLocation();
  const opts = { weekStart: query.weekStart };
  const link = (day: string) => {
    const p = new URLSearchParams(location.search);
    p.delete('from');
    p.delete('to');
    p.set('week', weekContaining(day, opts).id);
    return `${base}?${p}`;
  };
  const next = addDays(report.week.start, 7);
  return (
    <p className="week-steps">
      <Link to={link(addDays(report.week.start, -7))} rel="prev">
        ← Previous week
      </Link>
      {next <= today ? (
        <Link to={link(next)} rel="next">
          Next week →
        </Link>
      ) : null}
    </p>
  );
}

export function ReportBody({ report: r }: { report: Report }) {
  const h = r.headline;
  const f = r.forecast;
  const history = r.history;
  return (
    <>
      <h2 className="report-title" data-testid="report-week">
        {periodLabel(r)}
      </h2>
      <section className="stats report-stats" aria-label="Headline">
        <Stat
          label="Done this period"
          value={String(h.completed)}
          detail={`previous week ${h.previousWeek} · 4-week average ${h.average4}`}
          testId="done-this-week"
        />
        <Stat
          label="Remaining"
          value={h.remaining.toLocaleString('en')}
          detail={`${h.percent}% complete (${r.counts.done} of ${r.counts.total - r.counts.cancelled})`}
        />
        <Stat label="Scope" value={`+${h.added} / −${h.removed}`} detail="items added / removed" />
        <Stat
          label="Forecast"
          value={h.status}
          detail={
            f.p85
              ? `P50 ${f.p50} · P85 ${f.p85}${f.targetDate ? ` · target ${f.targetDate}` : ''}`
              : f.status === 'insufficient data'
                ? 'fewer than 3 weeks completed anything'
                : f.status === 'no convergence'
                  ? 'added work keeps pace with completed work'
                  : f.targetDate
                    ? `target ${f.targetDate}`
                    : 'nothing left'
          }
          className={`forecast-${h.status.replace(/\s+/g, '-')}`}
          testId="forecast"
        />
      </section>

      <div className="grid-2 report-charts">
        <section className="card" aria-labelledby="throughput-h">
          <h3 id="throughput-h">Completed and added per week</h3>
          <ThroughputChart
            history={history}
            label={`Completed and added per week, ${history[0]?.id} to ${history.at(-1)?.id}: ${history.map((w) => `${w.id} ${w.completed} done, ${w.added} added`).join('; ')}`}
          />
        </section>
        <section className="card" aria-labelledby="burnup-h">
          <h3 id="burnup-h">Burn-up</h3>
          <BurnupChart
            history={history}
            label={`Burn-up: ${history.at(-1)?.done ?? 0} done of a scope of ${history.at(-1)?.scope ?? 0} at the end of ${history.at(-1)?.id}`}
          />
        </section>
      </div>

      <section className="card" aria-labelledby="completed-h">
        <h3 id="completed-h">Completed ({r.completed.length})</h3>
        {r.completed.length === 0 ? (
          <p className="muted">Nothing completed in this period.</p>
        ) : (
          <div data-testid="completed">
            {groupByPhaseAndSection(r.completed).map(({ phase, sections }) => (
              <div key={phase} className="report-group">
                <h4>{phase}</h4>
                {sections.map(({ section, items }) => (
                  <div key={section}>
                    <p className="report-section">
                      {section} <span className="muted">({items.length})</span>
                    </p>
                    <ItemList items={items} />
                  </div>
                ))}
              </div>
            ))}
          </div>
        )}
      </section>

      <section className="card" aria-labelledby="changes-h">
        <h3 id="changes-h">Other changes</h3>
        <div className="report-changes">
          {(
            [
              ['Started', r.started],
              ['Reopened', r.reopened],
              ['Cancelled', r.cancelled],
              ['Added', r.added],
              ['Removed', r.removed],
            ] as const
          ).map(([name, list]) => (
            <div key={name} data-testid={`changes-${name.toLowerCase()}`}>
              <h4>
                {name} ({list.length})
              </h4>
              {list.length ? <ItemList items={list} /> : <p className="muted small">None.</p>}
            </div>
          ))}
        </div>
      </section>

      <section className="card" aria-labelledby="phases-h">
        <h3 id="phases-h">Per phase</h3>
        <div className="table-wrap">
          <table data-testid="phase-table">
            <thead>
              <tr>
                <th scope="col">Phase</th>
                <th scope="col" className="num">
                  Total
                </th>
                <th scope="col" className="num">
                  Done
                </th>
                <th scope="col" className="num">
                  In progress
                </th>
                <th scope="col" className="num">
                  Remaining
                </th>
                <th scope="col" className="num">
                  Done this period
                </th>
                <th scope="col">Forecast (P85)</th>
              </tr>
            </thead>
            <tbody>
              {r.byPhase.map((p) => (
                <tr key={p.key || 'none'}>
                  <th scope="row">{p.name}</th>
                  <td className="num">{p.total}</td>
                  <td className="num">{p.done}</td>
                  <td className="num">{p.inProgress}</td>
                  <td className="num">{p.remaining}</td>
                  <td className="num">{p.completedThisWeek}</td>
                  <td>{p.forecast.p85 ?? p.forecast.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="card" aria-labelledby="history-h">
        <h3 id="history-h">Throughput, last {plural(history.length, 'week')}</h3>
        <div className="table-wrap">
          <table data-testid="history-table">
            <thead>
              <tr>
                <th scope="col">Week</th>
                <th scope="col">Start</th>
                <th scope="col" className="num">
                  Completed
                </th>
                <th scope="col" className="num">
                  Added
                </th>
                <th scope="col" className="num">
                  Removed
                </th>
                <th scope="col" className="num">
                  Scope
                </th>
                <th scope="col" className="num">
                  Done
                </th>
              </tr>
            </thead>
            <tbody>
              {history.map((w) => (
                <tr key={w.id}>
                  <th scope="row" className="mono">
                    {w.id}
                  </th>
                  <td>{w.start}</td>
                  <td className="num">{w.completed}</td>
                  <td className="num">{w.added}</td>
                  <td className="num">{w.removed}</td>
                  <td className="num">{w.scope}</td>
                  <td className="num">{w.done}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="muted small">
          Forecast: {forecastLabel(r)}. {f.trials.toLocaleString('en')} trials (seed {f.seed}) over the weeks above, as
          of {f.asOf}.
        </p>
      </section>

      <section className="card" aria-labelledby="health-h">
        <h3 id="health-h">Document health</h3>
        {r.health.since && r.health.since > r.week.end ? (
          <p className="muted small">The plan&rsquo;s diagnostics are recorded from {r.health.since} on.</p>
        ) : null}
        <div className="report-health" data-testid="report-health">
          <HealthList title="Appeared this period" list={r.health.appeared} testId="health-appeared" />
          <HealthList title="Settled this period" list={r.health.settled} testId="health-settled" />
        </div>
        <details>
          <summary>Open now ({r.health.open.length})</summary>
          <HealthList list={r.health.open} testId="health-open" />
        </details>
      </section>
    </>
  );
}

function HealthList({
  title,
  list,
  testId,
}: {
  title?: string;
  list: (Report['health']['open'][number] & { date?: string })[];
  testId: string;
}) {
  return (
    <div data-testid={testId}>
      {title ? (
        <h4>
          {title} ({list.length})
        </h4>
      ) : null}
      {list.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ul className="diagnostics">
          {list.map((d, i) => (
            <DiagnosticItem
              key={i}
              d={d}
              position={[d.date, d.line ? `line ${d.line}` : ''].filter(Boolean).join(' ')}
            />
          ))}
        </ul>
      )}
    </div>
  );
}

function ItemList({ items }: { items: ReportItem[] }) {
  return (
    <ul className="report-items">
      {items.map((i) => (
        <li key={i.key}>
          <span className="mono report-id">{i.id}</span> {i.title && i.title !== i.id ? i.title : null}{' '}
          <span className="muted small">
            — {i.date}, {whoLabel(i)}
          </span>
          {i.note ? <span className="report-note"> — “{i.note}”</span> : null}
        </li>
      ))}
    </ul>
  );
}

function Stat({
  label,
  value,
  detail,
  className,
  testId,
}: {
  label: string;
  value: string;
  detail: string;
  className?: string;
  testId?: string;
}) {
  return (
    <div className={`stat ${className ?? ''}`} data-testid={testId}>
      <div className="stat-label">{label}</div>
      <div className="stat-value">{value}</div>
      <div className="stat-detail muted">{detail}</div>
    </div>
  );
}
