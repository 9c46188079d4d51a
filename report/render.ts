// The report as text: the full markdown (CLI `--format md`, the dashboard's download: the same bytes), the
// short summary written into the plan's progress log, and CSV of the completed items.
import type { Report, ReportItem } from './model';

export const SOURCE_LABELS: Record<string, string> = {
  markdown: 'markdown edit',
  ui: 'dashboard',
  cli: 'CLI',
  log: 'progress log',
  git: 'git commit',
};

const cell = (s: string | number | null) => String(s ?? '—').replace(/\|/g, '\\|');
const row = (cells: (string | number | null)[]) => `| ${cells.map(cell).join(' | ')} |`;
const table = (header: string[], rows: (string | number | null)[][]) => [
  row(header),
  `|${header.map(() => '---').join('|')}|`,
  ...rows.map(row),
];

export function periodLabel(r: Report): string {
  const days = r.week.start === r.week.end ? r.week.start : `${r.week.start} – ${r.week.end}`;
  return `${r.week.id} (${days})`;
}

/** `done`, or `on track (P85 2026-03-15, target 2026-04-01)`. */
export function forecastLabel(r: Report): string {
  const f = r.forecast;
  if (!f.p85) return f.status;
  const target = f.targetDate ? `, target ${f.targetDate}` : '';
  return `${f.status} (P50 ${f.p50}, P85 ${f.p85}${target})`;
}

function headline(r: Report): string {
  const h = r.headline;
  return (
    `**Done:** ${h.completed} (previous week ${h.previousWeek}, 4-week average ${h.average4}) · ` +
    `**Remaining:** ${h.remaining} · **Complete:** ${h.percent}% · **Scope:** +${h.added} / −${h.removed} · ` +
    `**Forecast:** ${forecastLabel(r)}`
  );
}

/** Who completed an item: the user (or token) by name, with where from (`alice (dashboard)`); else the source. */
export function whoLabel(i: Pick<ReportItem, 'source' | 'actor'>): string {
  const source = SOURCE_LABELS[i.source] ?? i.source;
  return i.actor ? `${i.actor} (${source})` : source;
}

function itemLine(i: ReportItem): string {
  const who = whoLabel(i);
  const title = i.title && i.title !== i.id ? ` ${i.title}` : '';
  return `- ${i.id}${title} — ${i.date}, ${who}${i.note ? ` — “${i.note}”` : ''}`;
}

/** Items grouped by phase, then section, each group in the order its first item came (the page and markdown). */
export function groupByPhaseAndSection(
  items: ReportItem[],
): { phase: string; sections: { section: string; items: ReportItem[] }[] }[] {
  const byPhase = new Map<string, Map<string, ReportItem[]>>();
  for (const i of items) {
    const p = i.phase ?? '(no phase)';
    const s = i.section ?? '(no section)';
    if (!byPhase.has(p)) byPhase.set(p, new Map());
    const sections = byPhase.get(p)!;
    if (!sections.has(s)) sections.set(s, []);
    sections.get(s)!.push(i);
  }
  return [...byPhase].map(([phase, sections]) => ({
    phase,
    sections: [...sections].map(([section, list]) => ({ section, items: list })),
  }));
}

/** Completed items grouped by phase, then section, in the order they were completed. */
function grouped(items: ReportItem[]): string[] {
  const out: string[] = [];
  for (const { phase, sections } of groupByPhaseAndSection(items)) {
    out.push(`### ${phase}`, '');
    for (const { section, items: list } of sections) out.push(`**${section}**`, '', ...list.map(itemLine), '');
  }
  return out;
}

/** The whole report as markdown. */
export function reportMarkdown(r: Report): string {
  const title = r.plan?.title ?? r.plan?.slug ?? 'All plans';
  const out: string[] = [`# Weekly report: ${title} — ${periodLabel(r)}`, '', headline(r), ''];
  const f = r.forecast;
  out.push('## Forecast', '');
  out.push(
    `${f.status}: P50 ${f.p50 ?? '—'}, P85 ${f.p85 ?? '—'}, P95 ${f.p95 ?? '—'}; target ${f.targetDate ?? '—'}; ` +
      `${f.remaining} remaining as of ${f.asOf}; ${f.trials} trials (seed ${f.seed}).`,
    '',
    `Weeks sampled (completed / more to do): ${f.inputs.map((w) => `${w.id} ${w.completed}/${w.added}`).join(', ') || 'none'}.`,
    '',
  );
  out.push('## Per phase', '');
  out.push(
    ...table(
      ['Phase', 'Total', 'Done', 'In progress', 'Remaining', 'Done this week', 'Forecast', 'P85'],
      r.byPhase.map((p) => [
        p.name,
        p.total,
        p.done,
        p.inProgress,
        p.remaining,
        p.completedThisWeek,
        p.forecast.status,
        p.forecast.p85,
      ]),
    ),
    '',
  );
  out.push(`## Completed (${r.completed.length})`, '');
  out.push(...(r.completed.length ? grouped(r.completed) : ['Nothing completed in this period.', '']));
  const lists: [string, ReportItem[]][] = [
    ['Started', r.started],
    ['Reopened', r.reopened],
    ['Cancelled', r.cancelled],
    ['Added', r.added],
    ['Removed', r.removed],
  ];
  for (const [name, list] of lists) {
    out.push(`## ${name} (${list.length})`, '');
    if (list.length) out.push(...list.map(itemLine), '');
  }
  out.push('## Throughput, last 12 weeks', '');
  out.push(
    ...table(
      ['Week', 'Start', 'Completed', 'Added', 'Removed', 'Scope', 'Done'],
      r.history.map((w) => [w.id, w.start, w.completed, w.added, w.removed, w.scope, w.done]),
    ),
    '',
  );
  out.push('## Document health', '', ...healthLines(r), '');
  return out.join('\n');
}

/** What appeared and settled in the period, then what the document shows now. */
function healthLines(r: Report): string[] {
  const { appeared, settled, open, since } = r.health;
  const line = (d: Report['health']['open'][number]) =>
    `${d.line ? `line ${d.line}: ` : ''}${d.severity} ${d.code}: ${d.message}`;
  const out: string[] = [];
  if (since && since > r.week.end) out.push(`The plan's diagnostics are recorded from ${since} on.`, '');
  out.push(`Appeared this period: ${appeared.length}`, ...appeared.map((d) => `- ${d.date} ${line(d)}`), '');
  out.push(`Settled this period: ${settled.length}`, ...settled.map((d) => `- ${d.date} ${line(d)}`), '');
  out.push(`Open now: ${open.length}`, ...open.map((d) => `- ${line(d)}`));
  return out;
}

/** The short summary Tickmark writes into the plan's progress log (between its markers). */
export function reportBlockLines(r: Report): string[] {
  return [
    `**Tickmark weekly report ${periodLabel(r)}** — done ${r.headline.completed}, remaining ${r.headline.remaining}, ` +
      `${r.headline.percent}% complete, scope +${r.headline.added} / −${r.headline.removed}, forecast: ${forecastLabel(r)}.`,
    '',
    ...table(
      ['Phase', 'Done this week', 'Done', 'Remaining', 'Forecast (P85)'],
      r.byPhase.map((p) => [p.name, p.completedThisWeek, p.done, p.remaining, p.forecast.p85 ?? p.forecast.status]),
    ),
  ];
}

const csvField = (s: string | null) => (s === null ? '' : /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** The completed items as CSV (RFC 4180: CRLF line ends, quoted where needed). */
export function reportCsv(r: Report): string {
  const rows = [['id', 'key', 'title', 'phase', 'section', 'date', 'source', 'actor', 'note']];
  for (const i of r.completed)
    rows.push([i.id, i.key, i.title, i.phase ?? '', i.section ?? '', i.date, i.source, i.actor ?? '', i.note ?? '']);
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** The JSON the CLI prints (`--json`): the issue's fields first, then everything else the report holds. */
export function reportJson(r: Report) {
  return {
    week: { id: r.week.id, start: r.week.start, end: r.week.end },
    completed: r.completed.map((i) => ({
      id: i.id,
      key: i.key,
      title: i.title,
      phase: i.phase,
      section: i.section,
      date: i.date,
      source: i.source,
      actor: i.actor,
      note: i.note,
    })),
    counts: {
      total: r.counts.total,
      done: r.counts.done,
      inProgress: r.counts.inProgress,
      remaining: r.counts.remaining,
    },
    byPhase: r.byPhase.map((p) => ({
      name: p.name,
      total: p.total,
      done: p.done,
      completedThisWeek: p.completedThisWeek,
      remaining: p.remaining,
      inProgress: p.inProgress,
      forecast: p.forecast,
    })),
    scope: r.scope,
    forecast: { status: r.forecast.status, p50: r.forecast.p50, p85: r.forecast.p85, p95: r.forecast.p95 },
    plan: r.plan,
    kind: r.week.kind,
    timeZone: r.timeZone,
    headline: r.headline,
    started: r.started,
    reopened: r.reopened,
    cancelled: r.cancelled,
    added: r.added,
    removed: r.removed,
    history: r.history,
    forecastInputs: {
      asOf: r.forecast.asOf,
      trials: r.forecast.trials,
      seed: r.forecast.seed,
      weeks: r.forecast.inputs,
    },
    health: r.health,
  };
}
