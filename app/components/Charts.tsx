// The burndown (remaining over time, scope, ideal line) and the weekly completions, drawn by chart.js.
// Fixed-height containers so the page does not jump when the canvas appears; animations off so the chart
// is drawn at once (and tests can read its pixels).
import { type ChartOptions } from 'chart.js';
import { Bar, Line } from 'react-chartjs-2';
import { CHART_COLORS } from './chart-setup';
import type { Burndown } from '../../db/queries/burndown';
import { escapeHtml } from '../lib/html';

const DAY = 86_400_000;
const ms = (day: string) => Date.parse(`${day}T00:00:00Z`);
const fmt = (value: number) => new Date(value).toISOString().slice(0, 10);

/** Where the plan's history comes from, in words: its git commits, or (outside git) its first import. */
function historySource(inGit: boolean | undefined, trackedSince: string | undefined): string {
  const since = trackedSince ? ` on ${trackedSince}` : '';
  if (inGit === false)
    return `This plan is not in a git repository, so its history starts at its first import${since}.`;
  if (inGit) return `Its history before Tickmark tracked it${since} comes from the file's git commits.`;
  return '';
}

/** The burndown's points as columns, as the page sends them: as one object a day they were three quarters of the
 * overview's loader data, which every request turns into JSON, reads back and writes into the page (decision 061).
 * A point's day is counted from the first point's, its remaining is its scope − done. */
export interface BurndownColumns {
  /** The first point's day (YYYY-MM-DD; null: no points). */
  from: string | null;
  /** Each point's day, as days after `from`. */
  day: number[];
  scope: number[];
  done: number[];
  scopeChange: number[];
}

/** The burndown as the overview shows it: `Burndown` with its points as columns. */
export type BurndownView = Omit<Burndown, 'points'> & { points: BurndownColumns };

export function burndownView({ points, ...rest }: Burndown): BurndownView {
  const from = points[0]?.day ?? null;
  return {
    ...rest,
    points: {
      from,
      day: points.map((p) => Math.round((ms(p.day) - ms(from!)) / DAY)),
      scope: points.map((p) => p.scope),
      done: points.map((p) => p.done),
      scopeChange: points.map((p) => p.scopeChange),
    },
  };
}

/** The points' days as dates (ms) and as YYYY-MM-DD. */
function pointDays(points: BurndownColumns): { x: number[]; day: string[] } {
  const first = points.from === null ? 0 : ms(points.from);
  const x = points.day.map((n) => first + n * DAY);
  // A date is written out once a month (a year of toISOString was a third of this chart's render); the days in
  // it follow from the month's first. Days are in order, so the month changes rarely.
  let monthStart = 0;
  let monthEnd = -1;
  let prefix = '';
  const day = x.map((t) => {
    if (t < monthStart || t >= monthEnd) {
      const d = new Date(t);
      monthStart = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
      monthEnd = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
      prefix = fmt(monthStart).slice(0, 8);
    }
    const n = (t - monthStart) / DAY + 1;
    return prefix + (n < 10 ? `0${n}` : String(n));
  });
  return { x, day };
}

/** One remaining line per phase (`?lines=phases`). */
export interface PhaseLine {
  /** The phase's key ('' for items outside any phase): labels may repeat, keys do not. */
  key: string;
  label: string;
  points: { day: string[]; remaining: number[] };
}

const PHASE_COLORS = ['#7c3aed', '#0891b2', '#db2777', '#65a30d', '#ea580c', '#4f46e5', '#0d9488', '#b91c1c'];

/** The burndown over the plan's active period, with an empty state that says why, a note when the history
 * starts after some items were done, and the same numbers as a table. */
export function BurndownChart({
  data,
  label,
  trackedSince,
  inGit,
  phaseLines,
}: {
  data: BurndownView;
  label: string;
  trackedSince?: string;
  /** Whether the plan's file is in a git work tree (undefined: not known). */
  inGit?: boolean;
  phaseLines?: PhaseLine[] | null;
}) {
  if (!data.range || !data.history.since) {
    const since = trackedSince ? ` on ${trackedSince}` : '';
    return (
      <p className="muted chart-empty" data-testid="burndown-empty">
        No history to draw yet: no item has a completion date (the plan has no dated progress log or done dates)
        {inGit === false
          ? `, and it is not in a git repository, so its history starts at its first import${since}. `
          : inGit
            ? `, its git commits from before Tickmark tracked it${since} show no change, and nothing has changed since. `
            : `, and nothing has changed since Tickmark started tracking it${since}. `}
        The chart starts with the first change.
      </p>
    );
  }
  const from = ms(data.range.from);
  const to = ms(data.range.to);
  const { scope: scopes, done } = data.points;
  const { x, day } = pointDays(data.points);
  const remaining = x.map((x, i) => ({ x, y: scopes[i] - done[i] }));
  const scope = x.map((x, i) => ({ x, y: scopes[i] }));
  const scopeRadius = data.points.scopeChange.map((change, i) => (i > 0 && change !== 0 ? 4 : 0));
  // The y-axis fits what is burnt down: the scope line is drawn only when it is on the same scale.
  let top = Math.max(1, data.ideal?.from.value ?? 0);
  let scopeTop = -Infinity;
  for (let i = 0; i < day.length && day[i] <= data.range.to; i++) {
    top = Math.max(top, scopes[i] - done[i]);
    scopeTop = Math.max(scopeTop, scopes[i]);
  }
  const showScope = scopeTop <= top * 1.5;
  const datasets = [
    {
      label: 'Remaining',
      data: remaining,
      borderColor: CHART_COLORS.blue,
      backgroundColor: 'rgba(37, 99, 235, 0.12)',
      fill: 'origin' as const,
      // A point's value holds from its day until the next point (chart.js's 'before': horizontal, then the
      // step at the next point); 'after' drew every change a day early.
      stepped: 'before' as const,
      pointRadius: 0,
      borderWidth: 2,
    },
  ];
  if (showScope) {
    datasets.push({
      label: 'Scope',
      data: scope,
      borderColor: CHART_COLORS.amber,
      backgroundColor: CHART_COLORS.amber,
      borderDash: [5, 4],
      stepped: 'before' as const,
      pointRadius: scopeRadius,
      pointHoverRadius: 5,
      borderWidth: 1.5,
    } as unknown as (typeof datasets)[number]);
  }
  if (data.ideal) {
    datasets.push({
      label: 'Ideal',
      data: [
        { x: ms(data.ideal.from.date), y: data.ideal.from.value },
        { x: ms(data.ideal.to.date), y: data.ideal.to.value },
      ],
      borderColor: CHART_COLORS.slate,
      backgroundColor: CHART_COLORS.slate,
      borderDash: [2, 3],
      stepped: false as unknown as 'before',
      pointRadius: [0, 3],
      pointHoverRadius: 4,
      borderWidth: 1.5,
    } as unknown as (typeof datasets)[number]);
  }
  for (const [i, line] of (phaseLines ?? []).entries()) {
    datasets.push({
      label: `Remaining — ${line.label}`,
      data: line.points.day.map((day, j) => ({ x: ms(day), y: line.points.remaining[j] })),
      borderColor: PHASE_COLORS[i % PHASE_COLORS.length],
      backgroundColor: PHASE_COLORS[i % PHASE_COLORS.length],
      stepped: 'before' as const,
      pointRadius: 0,
      borderWidth: 1.5,
    } as unknown as (typeof datasets)[number]);
  }
  const span = Math.max(to - from, DAY);
  const options: ChartOptions<'line'> = {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    parsing: false,
    normalized: true,
    interaction: { mode: 'nearest', axis: 'x', intersect: false },
    scales: {
      x: {
        type: 'linear',
        min: from,
        max: from + span,
        // Whole days only, never the same date twice.
        ticks: {
          callback: (v) => fmt(Number(v)),
          stepSize: Math.max(1, Math.ceil(span / DAY / 6)) * DAY,
          maxRotation: 0,
          autoSkip: true,
        },
        grid: { display: false },
      },
      y: {
        beginAtZero: true,
        suggestedMax: showScope ? scopeTop : top,
        max: showScope ? undefined : Math.ceil(top * 1.1),
        ticks: { precision: 0 },
        title: { display: true, text: 'Items' },
      },
    },
    plugins: {
      legend: { position: 'bottom', labels: { boxWidth: 14, boxHeight: 2 } },
      tooltip: { callbacks: { title: (items) => (items[0] ? fmt(items[0].parsed.x ?? 0) : '') } },
    },
  };
  const h = data.history;
  const source = historySource(inGit, trackedSince);
  return (
    <>
      <div className="chart">
        <Line
          data={{ datasets }}
          options={options}
          role="img"
          aria-label={label}
          data-testid="burndown"
          data-range={`${data.range.from}/${data.range.to}`}
          data-lines={datasets.length}
        />
      </div>
      <p className="muted small" data-testid="burndown-note">
        History starts on {h.since}
        {h.doneBefore ? `; ${h.doneBefore} of ${h.scopeBefore} items were done before it` : ''}. {source}
        {showScope ? '' : ` Scope: ${scopeTop} items (not drawn, to keep the remaining readable).`}
      </p>
      <details className="chart-table">
        <summary>Table</summary>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Scope</th>
              <th scope="col">Done</th>
              <th scope="col">Remaining</th>
              {phaseLines?.map((l) => (
                <th scope="col" key={l.key}>
                  {l.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody dangerouslySetInnerHTML={{ __html: tableRows(data.points, day, phaseLines) }} />
        </table>
      </details>
    </>
  );
}

/** The table's rows as one string of HTML (days and counts, escaped all the same): as React elements a year of
 * days was a third of the overview's markup and the most of its render time (decision 047). */
function tableRows(points: BurndownColumns, days: string[], phaseLines: PhaseLine[] | null | undefined): string {
  let html = '';
  for (const [i, day] of days.entries()) {
    const scope = points.scope[i];
    const done = points.done[i];
    html += `<tr><td class="mono">${escapeHtml(day)}</td><td>${scope}</td><td>${done}</td><td>${scope - done}</td>`;
    for (const l of phaseLines ?? []) html += `<td>${remainingOn(l, day)}</td>`;
    html += '</tr>';
  }
  return html;
}

/** A phase's remaining at the end of `day` (its step line's value then). */
function remainingOn(line: PhaseLine, day: string): number | string {
  let value: number | string = '';
  for (const [i, d] of line.points.day.entries()) if (d <= day) value = line.points.remaining[i];
  return value;
}

export function WeeklyChart({ data, label }: { data: Burndown['weekly']; label: string }) {
  if (data.length === 0)
    return (
      <p className="muted chart-empty" data-testid="weekly-empty">
        No completions recorded yet: no item has a completion date from the progress log, a done date, a commit or a
        tick.
      </p>
    );
  return (
    <div className="chart chart-short">
      <Bar
        role="img"
        aria-label={label}
        data-testid="weekly"
        data={{
          labels: data.map((w) => w.week),
          datasets: [
            {
              label: 'Completed',
              data: data.map((w) => w.completed),
              backgroundColor: CHART_COLORS.green,
              borderRadius: 3,
              // One busy week must not fill the card: bars stay bar-sized.
              maxBarThickness: 36,
            },
          ],
        }}
        options={{
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          scales: {
            x: { grid: { display: false }, ticks: { maxRotation: 0, autoSkip: true, maxTicksLimit: 8 } },
            y: { beginAtZero: true, ticks: { precision: 0 } },
          },
          plugins: {
            legend: { display: false },
            tooltip: { callbacks: { title: (items) => `Week of ${items[0]?.label ?? ''}` } },
          },
        }}
      />
    </div>
  );
}
