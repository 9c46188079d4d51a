// Saving a plan's links to source topics (decision 024) as a change like any other (decision 046): a
// `set-coverage` structure change through the write-back engine, so it takes the plan's lock, writes a crash
// intent, is refused when the links moved since they were read, is written atomically and is one Undo.
import type { Db } from '../db/client';
import { sameLinks, type CoverageLink, type StructureChange } from '../parser/index';
import { applyStructure, type ChangeOptions } from './engine';

/** The change that makes the plan's Source Coverage table hold `links`, refused unless it still holds
 * `expected` (the links the caller read). */
export function coverageChange(
  expected: readonly CoverageLink[],
  links: readonly CoverageLink[],
  summary: string,
): StructureChange {
  return { kind: 'set-coverage', expected: [...expected], links: [...links], summary };
}

/** Writes `links` into a tracked plan's Source Coverage table through the engine; false when they are
 * already the table's (nothing written, no change to undo). */
export async function saveCoverageLinks(
  db: Db,
  planId: number,
  expected: readonly CoverageLink[],
  links: readonly CoverageLink[],
  summary: string,
  opts: ChangeOptions,
): Promise<boolean> {
  if (sameLinks(expected, links)) return false;
  const result = await applyStructure(db, { id: planId }, [coverageChange(expected, links, summary)], opts);
  return result.edits.length > 0;
}
