// A tracked plan's coverage of the stored sources: the plan file (for its Source Coverage table) read from
// disk, the sources from the database; the links found are recorded in coverage_links.
import { readFile } from 'node:fs/promises';
import type { Db } from '../db/client';
import { loadSourceModels, storeCoverageLinks } from '../db/queries/index';
import { computeCoverage, parsePlan, type Coverage } from '../parser/index';

export async function planCoverage(db: Db, plan: { id: number; file: string }): Promise<Coverage | null> {
  const sources = await loadSourceModels(db);
  if (!sources.length) return null;
  const text = await readFile(plan.file, 'utf8');
  const coverage = computeCoverage(parsePlan(text), text, sources);
  await storeCoverageLinks(db, plan.id, coverage.items);
  return coverage;
}
