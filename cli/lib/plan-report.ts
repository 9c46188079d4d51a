// The JSON that `tickmark parse --json` prints: the model's facts without source offsets, stated next to counted.
import type { Counts, PlanModel, StatedCounts } from '../../parser/index';

function countedAsStated(c: Counts | undefined): StatedCounts {
  return {
    total: c?.total ?? 0,
    completed: c?.done ?? 0,
    inProgress: c?.inProgress ?? 0,
    remaining: c?.remaining ?? 0,
  };
}

export function planReport(file: string, model: PlanModel) {
  const { byPhase, total } = model.counts;
  const itemsInSection = new Map<string, number>();
  for (const item of model.items) {
    if (item.sectionKey) itemsInSection.set(item.sectionKey, (itemsInSection.get(item.sectionKey) ?? 0) + 1);
  }
  return {
    file,
    title: model.title,
    facts: model.facts.map(({ key, value }) => ({ key, value })),
    lastUpdated: model.lastUpdated && { raw: model.lastUpdated.raw, date: model.lastUpdated.date },
    progress: { stated: model.progress?.percent ?? null, counted: total.percent },
    counts: total,
    items: model.items.map((i) => ({
      id: i.id,
      key: i.key,
      title: i.title,
      status: i.status,
      line: i.line,
      phase: i.phaseKey,
      section: i.sectionKey,
      doneDate: i.doneDate,
      parent: i.parentKey,
    })),
    phases: model.phases.map((p) => ({
      key: p.key,
      number: p.number,
      name: p.name,
      priority: p.priority,
      statusMarker: p.statusMarker,
      line: p.line,
      stated: p.statedCount,
      counted: byPhase[p.key]?.total ?? 0,
      counts: byPhase[p.key] ?? null,
    })),
    sections: model.sections.map((s) => ({
      key: s.key,
      number: s.number,
      title: s.title,
      phase: s.phaseKey,
      line: s.line,
      items: itemsInSection.get(s.key) ?? 0,
    })),
    summary: model.summary && {
      line: model.summary.line,
      rows: model.summary.rows.map((r) => ({
        label: r.label,
        phase: r.phaseKey,
        isTotal: r.isTotal,
        line: r.line,
        stated: r.stated,
        counted: r.isTotal ? countedAsStated(total) : r.phaseKey ? countedAsStated(byPhase[r.phaseKey]) : null,
      })),
    },
    log: model.log && {
      line: model.log.line,
      weeks: model.log.weeks.map((w) => ({
        title: w.title,
        line: w.line,
        rows: w.rows.map((r) => ({ date: r.date, line: r.line, items: r.itemsRaw, ids: r.ids, notes: r.notes })),
      })),
    },
    diagnostics: model.diagnostics.map(({ severity, code, message, line, column }) => ({
      severity,
      code,
      message,
      line,
      column,
    })),
  };
}
