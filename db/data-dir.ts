// Where the embedded database lives: a module of its own so that finding it (the CLI looking for a running
// dashboard, sync/handover.ts) does not load the database client and its schema.
import path from 'node:path';

/** Where PGlite keeps its files. `memory://` keeps the database in memory (no folder, no lock). */
export function dataDir(): string {
  const dir = process.env.TICKMARK_DATA_DIR || '.tickmark';
  return dir.startsWith('memory://') ? dir : path.resolve(dir);
}
