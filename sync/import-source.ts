// The import side for source documents: a gap analysis in the plans folder is stored as a source with its
// topics (db/queries/sources.ts), not as a plan with no items.
import type { Db } from '../db/client';
import { deletePlanRow, sourceByPath, storeSource } from '../db/queries/index';
import { parseSource } from '../parser/index';
import { basename } from 'node:path';

export type SourceImport = 'created' | 'updated' | 'unchanged';

/**
 * Store the source read from `stored` (its path as plans are stored). `formerPlanId` is the plan row the file
 * had while it was read as a plan (it had no items: a gap analysis has none); it is removed.
 */
export async function importSource(
  db: Db,
  stored: string,
  text: string,
  hash: string,
  formerPlanId: number | null,
): Promise<{ outcome: SourceImport; sourceId: number; topics: number }> {
  const known = await sourceByPath(db, stored);
  if (formerPlanId !== null) await deletePlanRow(db, formerPlanId);
  const model = parseSource(text, basename(stored));
  if (known && known.contentHash === hash)
    return { outcome: 'unchanged', sourceId: known.id, topics: model.topics.length };
  const sourceId = await storeSource(db, stored, hash, model);
  return { outcome: known ? 'updated' : 'created', sourceId, topics: model.topics.length };
}
