// The document's own numbers (summary table, phase headings, facts) as the importer stores them in
// `plans.stated` (sync/rows.ts StatedNumbers). Read defensively: the column is jsonb.
export interface StatedRow {
  label: string;
  phaseKey: string | null;
  isTotal: boolean;
  total: number | null;
  completed: number | null;
  inProgress: number | null;
  remaining: number | null;
}

export interface StatedView {
  facts: { key: string; value: string }[];
  lastUpdated: string | null;
  progress: string | null;
  summary: StatedRow[];
  /** Counts stated in phase headings (`(55 items)`), by phase key. */
  headingCounts: Record<string, number>;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export function readStated(value: unknown): StatedView {
  const o = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  const facts = Array.isArray(o.facts)
    ? o.facts.flatMap((f) => {
        const r = f as Record<string, unknown>;
        const key = str(r?.key);
        const v = str(r?.value);
        return key !== null && v !== null ? [{ key, value: v }] : [];
      })
    : [];
  const summary = Array.isArray(o.summary)
    ? o.summary.map((row): StatedRow => {
        const r = (row ?? {}) as Record<string, unknown>;
        const stated = (r.stated && typeof r.stated === 'object' ? r.stated : r) as Record<string, unknown>;
        return {
          label: str(r.label) ?? '',
          phaseKey: str(r.phaseKey),
          isTotal: r.isTotal === true,
          total: num(stated.total),
          completed: num(stated.completed),
          inProgress: num(stated.inProgress),
          remaining: num(stated.remaining),
        };
      })
    : [];
  const headingCounts: Record<string, number> = {};
  if (Array.isArray(o.phases)) {
    for (const p of o.phases) {
      const r = (p ?? {}) as Record<string, unknown>;
      const key = str(r.key);
      const n = num(r.statedCount);
      if (key !== null && n !== null) headingCounts[key] = n;
    }
  }
  const raw = (v: unknown) => str((v as Record<string, unknown> | null)?.raw ?? null);
  return { facts, lastUpdated: raw(o.lastUpdated), progress: raw(o.progress), summary, headingCounts };
}
