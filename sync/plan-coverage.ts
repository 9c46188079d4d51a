// A tracked plan's coverage of the stored sources: the plan file (for its Source Coverage table) read from
// disk, the sources from the database; the links found are recorded in coverage_links.
import { readFile } from 'node:fs/promises';
import type { Db } from '../db/client';
import { loadSourceModels, storeCoverageLinks } from '../db/queries/index';
import { computeCoverage, parsePlan, type Coverage } from '../parser/index';

/** The coverage and the plan text it was computed from (null when no source is stored). */
export async function planCoverageWithText(
  db: Db,
  plan: { id: number; file: string },
): Promise<{ coverage: Coverage; text: string } | null> {
  const sources = await loadSourceModels(db);
  if (!sources.length) return null;
  const text = await readFile(plan.file, 'utf8');
  const coverage = computeCoverage(parsePlan(text), text, sources);
  await storeCoverageLinks(db, plan.id, coverage.items);
  return { coverage, text };
}

export async function planCoverage(db: Db, plan: { id: number; file: string }): Promise<Coverage | null> {
  return (await planCoverageWithText(db, plan))?.coverage ?? null;
}
