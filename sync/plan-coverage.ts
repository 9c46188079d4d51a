// A tracked plan's coverage of the stored sources: the plan file (for its Source Coverage table) read from
// disk, the sources from the database; the links found are recorded in coverage_links.
// Coverage is a function of the plan's text and the sources alone, so it is kept per plan and computed again
// only when either changed (decision 046): a page view then costs a file read, a hash and one small query.
import { readFile } from 'node:fs/promises';
import type { Db } from '../db/client';
import { loadSourceModels, sourcesStamp, storeCoverageLinks } from '../db/queries/index';
import { computeCoverage, parsePlan, type Coverage } from '../parser/index';
import { hashBytes } from './hash';

interface Computed {
  coverage: Coverage;
  text: string;
}

const computed = new Map<number, Computed & { key: string }>();

/** Forget the kept coverage (benchmarks and tests measuring the first view). */
export function forgetPlanCoverage(): void {
  computed.clear();
}

/** The coverage and the plan text it was computed from (null when no source is stored). */
export async function planCoverageWithText(db: Db, plan: { id: number; file: string }): Promise<Computed | null> {
  const [stamp, bytes] = await Promise.all([sourcesStamp(db), readFile(plan.file)]);
  if (!stamp) return null;
  const key = `${hashBytes(bytes)} ${stamp}`;
  const kept = computed.get(plan.id);
  if (kept?.key === key) return kept;
  const text = bytes.toString('utf8');
  const coverage = computeCoverage(parsePlan(text), text, await loadSourceModels(db));
  // Recorded once per new result, not on every view (a page view would otherwise write every link).
  await storeCoverageLinks(db, plan.id, coverage.items);
  computed.set(plan.id, { key, coverage, text });
  return { coverage, text };
}

export async function planCoverage(db: Db, plan: { id: number; file: string }): Promise<Coverage | null> {
  return (await planCoverageWithText(db, plan))?.coverage ?? null;
}
