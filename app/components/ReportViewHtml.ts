// The report page's large static parts as strings of HTML, built once per plan and URL with the loader's memo
// (decision 055): the headline, the completed items, the other changes, the per-phase and history tables, the
// document health, and the week picker's options. React writes one string far faster than the hundreds of
// elements it holds, and the loader sends these strings instead of the whole report (decisions 047, 052). The
// markup is what the React components wrote (same elements, classes, test ids, text); every value goes
// through escapeHtml, text and attribute values alike. Pure: no React, no I/O.
import { escapeHtml as e } from '../lib/html';
import { plural } from '../lib/format';
import type { Report, ReportItem } from '../../report/model';
import { forecastLabel, groupByPhaseAndSection, periodLabel, whoLabel } from '../../report/render';
import { addDays, weekContaining } from '../../report/weeks';

export interface WeekChoiceData {
  value: string;
  label: string;
  usable: boolean;
}

export interface ReportChoices {
  document: WeekChoiceData[];
  calendar: WeekChoiceData[];
  today: string;
}

/** What the page needs of a report: its period, the charts' 12 weeks, and the rest as HTML. */
export interface ReportView {
  week: Report['week'];
  /** The weeks before and after a calendar week (`next` null when it starts after today); null for other periods. */
  steps: { previous: string; next: string | null } | null;
  title: string;
  history: Report['history'];
  throughputLabel: string;
  burnupLabel: string;
  /** The headline's four stat cards (inside `section.stats`). */
  statsHtml: string;
  /** The inside of each card below the charts, in page order. */
  completedHtml: string;
  changesHtml: string;
  phasesHtml: string;
  historyHtml: string;
  healthHtml: string;
}

export type ReportPageView =
  { ok: true; hash: string | null; view: ReportView } | { ok: false; message: string; hash: string | null };

function stat(label: string, value: string, detail: string, className?: string, testId?: string): string {
  return (
    `<div class="stat ${e(className ?? '')}"${testId ? ` data-testid="${e(testId)}"` : ''}>` +
    `<div class="stat-label">${e(label)}</div><div class="stat-value">${e(value)}</div>` +
    `<div class="stat-detail muted">${e(detail)}</div></div>`
  );
}

function statsHtml(r: Report): string {
  const h = r.headline;
  const f = r.forecast;
  const detail = f.p85
    ? `P50 ${f.p50} · P85 ${f.p85}${f.targetDate ? ` · target ${f.targetDate}` : ''}`
    : f.status === 'insufficient data'
      ? 'fewer than 3 weeks completed anything'
      : f.status === 'no convergence'
        ? 'added work keeps pace with completed work'
        : f.targetDate
          ? `target ${f.targetDate}`
          : 'nothing left';
  return (
    stat(
      'Done this period',
      String(h.completed),
      `previous week ${h.previousWeek} · 4-week average ${h.average4}`,
      undefined,
      'done-this-week',
    ) +
    stat(
      'Remaining',
      h.remaining.toLocaleString('en'),
      `${h.percent}% complete (${r.counts.done} of ${r.counts.total - r.counts.cancelled})`,
    ) +
    stat('Scope', `+${h.added} / −${h.removed}`, 'items added / removed') +
    stat('Forecast', h.status, detail, `forecast-${h.status.replace(/\s+/g, '-')}`, 'forecast')
  );
}

function itemList(items: ReportItem[]): string {
  let out = '<ul class="report-items">';
  for (const i of items) {
    const title = i.title && i.title !== i.id ? e(i.title) : '';
    out +=
      `<li><span class="mono report-id">${e(i.id)}</span> ${title} ` +
      `<span class="muted small">— ${e(i.date)}, ${e(whoLabel(i))}</span>` +
      (i.note ? `<span class="report-note"> — “${e(i.note)}”</span>` : '') +
      '</li>';
  }
  return `${out}</ul>`;
}

function completedHtml(r: Report): string {
  const head = `<h3 id="completed-h">Completed (${r.completed.length})</h3>`;
  if (r.completed.length === 0) return `${head}<p class="muted">Nothing completed in this period.</p>`;
  let out = `${head}<div data-testid="completed">`;
  for (const { phase, sections } of groupByPhaseAndSection(r.completed)) {
    out += `<div class="report-group"><h4>${e(phase)}</h4>`;
    for (const { section, items } of sections) {
      out += `<div><p class="report-section">${e(section)} <span class="muted">(${items.length})</span></p>${itemList(items)}</div>`;
    }
    out += '</div>';
  }
  return `${out}</div>`;
}

function changesHtml(r: Report): string {
  const lists = [
    ['Started', r.started],
    ['Reopened', r.reopened],
    ['Cancelled', r.cancelled],
    ['Added', r.added],
    ['Removed', r.removed],
  ] as const;
  let out = '<h3 id="changes-h">Other changes</h3><div class="report-changes">';
  for (const [name, list] of lists) {
    out +=
      `<div data-testid="changes-${name.toLowerCase()}"><h4>${name} (${list.length})</h4>` +
      (list.length ? itemList(list) : '<p class="muted small">None.</p>') +
      '</div>';
  }
  return `${out}</div>`;
}

const th = (label: string, num = false) => `<th scope="col"${num ? ' class="num"' : ''}>${label}</th>`;
const num = (n: number) => `<td class="num">${e(n)}</td>`;

function phasesHtml(r: Report): string {
  let out =
    '<h3 id="phases-h">Per phase</h3><div class="table-wrap"><table data-testid="phase-table"><thead><tr>' +
    th('Phase') +
    th('Total', true) +
    th('Done', true) +
    th('In progress', true) +
    th('Remaining', true) +
    th('Done this period', true) +
    th('Forecast (P85)') +
    '</tr></thead><tbody>';
  for (const p of r.byPhase) {
    out +=
      `<tr><th scope="row">${e(p.name)}</th>${num(p.total)}${num(p.done)}${num(p.inProgress)}${num(p.remaining)}` +
      `${num(p.completedThisWeek)}<td>${e(p.forecast.p85 ?? p.forecast.status)}</td></tr>`;
  }
  return `${out}</tbody></table></div>`;
}

function historyHtml(r: Report): string {
  const f = r.forecast;
  let out =
    `<h3 id="history-h">Throughput, last ${e(plural(r.history.length, 'week'))}</h3>` +
    '<div class="table-wrap"><table data-testid="history-table"><thead><tr>' +
    th('Week') +
    th('Start') +
    th('Completed', true) +
    th('Added', true) +
    th('Removed', true) +
    th('Scope', true) +
    th('Done', true) +
    '</tr></thead><tbody>';
  for (const w of r.history) {
    out +=
      `<tr><th scope="row" class="mono">${e(w.id)}</th><td>${e(w.start)}</td>` +
      `${num(w.completed)}${num(w.added)}${num(w.removed)}${num(w.scope)}${num(w.done)}</tr>`;
  }
  return (
    `${out}</tbody></table></div>` +
    `<p class="muted small">Forecast: ${e(forecastLabel(r))}. ${e(f.trials.toLocaleString('en'))} trials ` +
    `(seed ${e(f.seed)}) over the weeks above, as of ${e(f.asOf)}.</p>`
  );
}

type HealthEntry = Report['health']['open'][number] & { date?: string };

/** One diagnostic as the shared DiagnosticItem component writes it (app/components/DiagnosticItem.tsx). */
function diagnosticItem(d: HealthEntry): string {
  const position = [d.date, d.line ? `line ${d.line}` : ''].filter(Boolean).join(' ');
  return (
    `<li class="diag diag-${e(d.severity)}"><span class="sev sev-${e(d.severity)}">${e(d.severity)}</span>` +
    `<span class="mono diag-pos">${e(position)}</span><span class="diag-msg">${e(d.message)}</span>` +
    `<span class="mono muted diag-code">${e(d.code)}</span></li>`
  );
}

function healthList(list: HealthEntry[], testId: string, title?: string): string {
  return (
    `<div data-testid="${e(testId)}">` +
    (title ? `<h4>${e(title)} (${list.length})</h4>` : '') +
    (list.length === 0
      ? '<p class="muted">None.</p>'
      : `<ul class="diagnostics">${list.map(diagnosticItem).join('')}</ul>`) +
    '</div>'
  );
}

function healthHtml(r: Report): string {
  const since =
    r.health.since && r.health.since > r.week.end
      ? `<p class="muted small">The plan’s diagnostics are recorded from ${e(r.health.since)} on.</p>`
      : '';
  return (
    `<h3 id="health-h">Document health</h3>${since}<div class="report-health" data-testid="report-health">` +
    healthList(r.health.appeared, 'health-appeared', 'Appeared this period') +
    healthList(r.health.settled, 'health-settled', 'Settled this period') +
    `</div><details><summary>Open now (${r.health.open.length})</summary>` +
    healthList(r.health.open, 'health-open') +
    '</details>'
  );
}

/** The report as the page shows it (everything but the charts' drawing and the forms, as HTML). */
export function reportView(r: Report, today: string): ReportView {
  const history = r.history;
  const last = history.at(-1);
  const opts = { weekStart: r.weekStart };
  const next = addDays(r.week.start, 7);
  return {
    week: r.week,
    steps:
      r.week.kind === 'iso' || r.week.kind === 'calendar'
        ? {
            previous: weekContaining(addDays(r.week.start, -7), opts).id,
            next: next <= today ? weekContaining(next, opts).id : null,
          }
        : null,
    title: periodLabel(r),
    history,
    throughputLabel: `Completed and added per week, ${history[0]?.id} to ${last?.id}: ${history.map((w) => `${w.id} ${w.completed} done, ${w.added} added`).join('; ')}`,
    burnupLabel: `Burn-up: ${last?.done ?? 0} done of a scope of ${last?.scope ?? 0} at the end of ${last?.id}`,
    statsHtml: statsHtml(r),
    completedHtml: completedHtml(r),
    changesHtml: changesHtml(r),
    phasesHtml: phasesHtml(r),
    historyHtml: historyHtml(r),
    healthHtml: healthHtml(r),
  };
}

/** The week picker's options: the document's own weeks (one plan), then the calendar weeks; `selected` on the
 * shown one (the select is keyed by the URL, so it is never updated in place). */
export function weekOptionsHtml(choices: ReportChoices, selected: string, weekStart: number): string {
  let out = '';
  const option = (c: WeekChoiceData, disabled: boolean) =>
    `<option value="${e(c.value)}"${disabled ? ' disabled=""' : ''}${c.value === selected ? ' selected=""' : ''}>${e(c.label)}</option>`;
  if (choices.document.length) {
    out += `<optgroup label="The document${e("'")}s weeks">`;
    for (const c of choices.document) out += option(c, !c.usable);
    out += '</optgroup>';
  }
  out += `<optgroup label="${weekStart === 1 ? 'ISO weeks with changes' : 'Weeks with changes'}">`;
  for (const c of choices.calendar) out += option(c, false);
  return `${out}</optgroup>`;
}

/** The loader's memoized answer: the page's view and the picker's options (both fixed by the plan and URL). */
export function reportPageView(
  page: { ok: true; report: Report; hash: string | null } | { ok: false; message: string; hash: string | null },
  choices: ReportChoices,
  query: { selection: { week?: string }; weekStart: number },
): { page: ReportPageView; options: string } {
  const report = page.ok ? page.report : null;
  const selectedWeek = report && (report.week.kind === 'range' ? '' : report.week.id);
  return {
    page: page.ok ? { ok: true, hash: page.hash, view: reportView(page.report, choices.today) } : page,
    options: weekOptionsHtml(choices, selectedWeek ?? query.selection.week ?? '', query.weekStart),
  };
}
