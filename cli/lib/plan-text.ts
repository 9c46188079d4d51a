// The readable output of `tickmark parse`: counts first (stated next to counted), then the outline.
import type { PlanModel } from '../../parser/index';

const out = (line: string) => process.stdout.write(`${line}\n`);

function stated(counted: number, claimed: number | null | undefined, unit = ''): string {
  if (claimed === null || claimed === undefined) return `${counted}${unit}`;
  return claimed === counted ? `${counted}${unit} (as stated)` : `${counted}${unit} (stated ${claimed}${unit})`;
}

export function printSummary(file: string, model: PlanModel): void {
  const t = model.counts.total;
  const totalRow = model.summary?.rows.find((r) => r.isTotal);
  out(`${file}: ${model.title ?? '(untitled plan)'}`);
  out(
    `  items        ${stated(t.total, totalRow?.stated.total)}: ${t.done} done, ${t.inProgress} in progress, ` +
      `${t.todo} to do, ${t.cancelled} cancelled`,
  );
  out(`  progress     ${stated(t.percent, model.progress?.percent, '%')}`);
  if (model.lastUpdated) out(`  updated      ${model.lastUpdated.date ?? model.lastUpdated.raw}`);
  for (const phase of model.phases) {
    const c = model.counts.byPhase[phase.key];
    const label = `phase ${phase.number ?? '?'}`.padEnd(12);
    out(`  ${label} ${phase.name}: ${stated(c?.total ?? 0, phase.statedCount)} items, ${c?.done ?? 0} done`);
  }
  if (model.log) {
    const rows = model.log.weeks.flatMap((w) => w.rows);
    const ids = new Set(rows.flatMap((r) => r.ids));
    out(`  log          ${model.log.weeks.length} weeks, ${rows.length} rows naming ${ids.size} ids`);
  }
  const by = { error: 0, warning: 0, info: 0 };
  for (const d of model.diagnostics) by[d.severity]++;
  const hint = model.diagnostics.length ? ` (tickmark lint ${file})` : '';
  out(`  diagnostics  ${by.error} errors, ${by.warning} warnings, ${by.info} info${hint}`);
}

export function printOutline(model: PlanModel): void {
  const phases = new Map(model.phases.map((p) => [p.key, p]));
  const sections = new Map(model.sections.map((s) => [s.key, s]));
  let phaseKey: string | null | undefined;
  let sectionKey: string | null | undefined;
  for (const item of model.items) {
    if (item.phaseKey !== phaseKey) {
      phaseKey = item.phaseKey;
      sectionKey = undefined;
      const phase = phaseKey ? phases.get(phaseKey) : undefined;
      out('');
      out(phase ? `Phase ${phase.number ?? ''}: ${phase.name}  (line ${phase.line})`.replace(' :', ':') : '(no phase)');
    }
    if (item.sectionKey !== sectionKey) {
      sectionKey = item.sectionKey;
      const section = sectionKey ? sections.get(sectionKey) : undefined;
      if (section) out(`  ${section.number ? `${section.number} ` : ''}${section.title}  (line ${section.line})`);
    }
    const indent = '  '.repeat(2 + item.depth);
    const date = item.doneDate ? `  ${item.doneDate}` : '';
    out(`${indent}[${item.marker}] ${item.id ?? item.key}  ${item.title}  line ${item.line}${date}`);
  }
}
