// How the parser's model maps onto database rows, and which differences count as a change.
import { ITEM_DOCUMENT_KEYS } from '../db/writes/plan-rows';
import type { Diagnostic, Item, PlanModel } from '../parser/index';

/** The item columns the document decides. `line`/`position` move when lines are inserted above; they are
 * updated without bumping the version (moving is not a conflict for a concurrent tick). */
export interface ItemFields {
  key: string;
  itemId: string | null;
  prefix: string | null;
  title: string;
  description: string;
  status: Item['status'];
  optional: boolean;
  phaseKey: string | null;
  sectionKey: string | null;
  parentKey: string | null;
  doneDate: string | null;
}

export const CONTENT_FIELDS = ITEM_DOCUMENT_KEYS satisfies readonly (keyof ItemFields)[];

/** `CACHE` of `CACHE-001`, `T` of `T001`; null for `1.2.3` or no ID. */
/** The category of an ID: everything before its last `-` group (`K8S` of `K8S-001`, `API-V2` of
 * `API-V2-003`), else the letters before its number (`T` of `T001`). */
export function idPrefix(id: string | null): string | null {
  if (!id) return null;
  const bare = id.replace(/^\[|\]$/g, '');
  const dash = bare.lastIndexOf('-');
  if (dash > 0 && /^[A-Za-z]/.test(bare) && /\d/.test(bare.slice(dash + 1))) return bare.slice(0, dash).toUpperCase();
  const m = /^([A-Za-z][A-Za-z_]*?)[-_.]?\d/.exec(bare);
  return m ? m[1].toUpperCase() : null;
}

export function itemFields(item: Item): ItemFields {
  return {
    key: item.key,
    itemId: item.id,
    prefix: idPrefix(item.id),
    title: item.title,
    description: item.description,
    status: item.status,
    optional: item.optional,
    phaseKey: item.phaseKey,
    sectionKey: item.sectionKey,
    parentKey: item.parentKey,
    doneDate: item.doneDate,
  };
}

export function sameContent(a: ItemFields, b: ItemFields): boolean {
  return CONTENT_FIELDS.every((f) => (a[f] ?? null) === (b[f] ?? null));
}

/** What the plan's overview shows next to the counted numbers. Stored in `plans.stated`. */
export interface StatedNumbers {
  facts: { key: string; value: string }[];
  lastUpdated: { raw: string; date: string | null } | null;
  progress: { raw: string; percent: number | null } | null;
  summary: {
    label: string;
    phaseKey: string | null;
    isTotal: boolean;
    total: number | null;
    completed: number | null;
    inProgress: number | null;
    remaining: number | null;
  }[];
  phases: { key: string; statedCount: number | null }[];
}

export function statedNumbers(model: PlanModel): StatedNumbers {
  return {
    facts: model.facts.map((f) => ({ key: f.key, value: f.value })),
    lastUpdated: model.lastUpdated ? { raw: model.lastUpdated.raw, date: model.lastUpdated.date } : null,
    progress: model.progress ? { raw: model.progress.raw, percent: model.progress.percent } : null,
    summary: (model.summary?.rows ?? []).map((r) => ({
      label: r.label,
      phaseKey: r.phaseKey,
      isTotal: r.isTotal,
      ...r.stated,
    })),
    phases: model.phases.map((p) => ({ key: p.key, statedCount: p.statedCount })),
  };
}

/** Start and target dates for the burndown's ideal line, as the document states them (parser/lib/plan-dates.ts). */
export function planDates(model: PlanModel): { startDate: string | null; targetDate: string | null } {
  return { startDate: model.dates?.start?.date ?? null, targetDate: model.dates?.target?.date ?? null };
}

/** Diagnostics as stored (plain JSON), each with its `subject` where it has one (subjectOf). */
export function storedDiagnostics(model: PlanModel): unknown[] {
  return model.diagnostics.map((d) => {
    const subject = subjectOf(d, model);
    return subject === undefined ? { ...d } : { ...d, subject };
  });
}

/**
 * What a diagnostic is about, when its message carries numbers that move as items are ticked (a stated count,
 * the words beside a percent, the places of mojibake a tick rewrites): the plan's diagnostic history
 * (migration 0008) tells diagnostics apart by it instead of by their message, so the same mismatch one tick later
 * is not reported as settled and appeared again. Found by the span the check gave the diagnostic.
 */
function subjectOf(d: Diagnostic, model: PlanModel): string | undefined {
  const at = d.span?.start;
  switch (d.code) {
    case 'mojibake':
      return 'the document';
    case 'progress-mismatch': {
      const count = model.progress?.count?.span;
      return at === count?.start && d.span?.end === count?.end ? 'the count on Progress' : 'Progress';
    }
    case 'fact-claim-mismatch':
      return at === model.lastUpdated?.span.start ? 'Last Updated' : 'Progress';
    case 'phase-marker-mismatch': {
      const phase = model.phases.find((p) => p.heading.start === at);
      return phase && `the marker of phase ${phase.key}`;
    }
    case 'count-mismatch': {
      const phase = model.phases.find((p) => p.statedCountSpan?.start === at);
      if (phase) return `the count of phase ${phase.key}`;
      const summary = model.summary;
      for (const row of summary?.rows ?? []) {
        for (const [column, index] of Object.entries(summary!.columns)) {
          if (index >= 0 && row.cells[index]?.start === at) return `summary row "${row.label}", ${column}`;
        }
      }
      return undefined;
    }
  }
  return undefined;
}
