// `--append` and the dashboard's "Append to plan": a week's report block written into the plan's progress log
// through the same path as every write-back — the plan's writer lock, leftover intents settled, the file
// imported first when it moved, an intent beside the new file, an atomic replace refused if an editor saved
// meanwhile (then redone on the new text), and the sync state moved in the same transaction.
import { readFileSync } from 'node:fs';
import type { Db } from '../db/client';
import { planRowOf, syncedHash } from '../db/queries/write-back';
import { applyEdits, parsePlan, reportBlockEdit } from '../parser/index';
import { importParsed } from './apply-model';
import { planFilePath } from './config';
import { emitPlanChanged } from './events';
import { hashBytes } from './hash';
import { recoverPlan, removeIntent, writeIntent } from './recover';
import { FileMovedError, replaceFileIfUnchanged, stampOf, withPlanWriter } from './writer';

export interface AppendResult {
  file: string;
  /** False when the block was already there with these exact lines: nothing written. */
  changed: boolean;
}

/** The document is no longer the one the report was computed from (the dashboard's Append): nothing written. */
export class ReportStaleError extends Error {
  constructor(file: string) {
    super(`${file} changed after this report was computed; nothing was written. Reload the report and append again.`);
    this.name = 'ReportStaleError';
  }
}

export interface AppendOptions {
  plansDir?: string;
  now?: Date;
  source?: 'ui' | 'cli';
  /** The file's hash when the report was computed: a different file is refused (ReportStaleError). */
  expectHash?: string;
}

export async function appendReportBlock(
  db: Db,
  planId: number,
  week: string,
  lines: string[],
  opts: AppendOptions = {},
): Promise<AppendResult> {
  const plan = await planRowOf(db, { id: planId });
  if (!plan) throw new Error(`no tracked plan #${planId}`);
  const file = planFilePath(plan.path, opts.plansDir);
  const now = opts.now ?? new Date();
  const { changed, intentPath } = await withPlanWriter(db, planId, async (tx) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await writeBlock(tx, planId, file, week, lines, now, opts.source ?? 'cli', opts.expectHash);
      } catch (error) {
        if (error instanceof FileMovedError && attempt < 20) continue;
        throw error;
      }
    }
  });
  if (intentPath) await removeIntent(intentPath);
  if (changed) emitPlanChanged({ planId, slug: plan.slug, source: opts.source ?? 'cli' });
  return { file, changed };
}

async function writeBlock(
  tx: Db,
  planId: number,
  file: string,
  week: string,
  lines: string[],
  now: Date,
  source: 'ui' | 'cli',
  expectHash: string | undefined,
): Promise<{ changed: boolean; intentPath: string | null }> {
  await recoverPlan(tx, planId, file);
  const stamp = stampOf(file);
  if (!stamp) throw new Error(`${file}: plan file not found (was it moved or deleted?); run \`tickmark sync\``);
  const bytes = readFileSync(file);
  const text = bytes.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(bytes)) {
    throw new Error(`${file}: not valid UTF-8; Tickmark will not rewrite it (re-save the file as UTF-8)`);
  }
  const model = parsePlan(text);
  const hash = hashBytes(bytes);
  if (expectHash !== undefined && hash !== expectHash) throw new ReportStaleError(file);
  // The file moved since the last sync: record that first, as any write-back does.
  if ((await syncedHash(tx, planId)) !== hash) {
    await importParsed(tx, { planId, model, filePath: file, hash, size: bytes.length }, { now, source: 'markdown' });
  }
  const edit = reportBlockEdit(text, model, week, lines);
  const next = applyEdits(text, [edit]);
  if (next === text) return { changed: false, intentPath: null };
  const nextBytes = Buffer.from(next, 'utf8');
  const nextHash = hashBytes(nextBytes);
  const intent = writeIntent(file, {
    kind: 'report-block',
    planId,
    key: '',
    from: 'todo',
    to: 'todo',
    at: now.toISOString(),
    source,
    actor: null,
    oldHash: hash,
    newHash: nextHash,
  });
  try {
    await replaceFileIfUnchanged(file, nextBytes, stamp, intent);
  } catch (error) {
    await intent.then(removeIntent, () => {});
    throw error;
  }
  const intentPath = await intent;
  // The block is invisible to the parser: this import changes no item, only the sync state's hash and size.
  await importParsed(
    tx,
    { planId, model: parsePlan(next), filePath: file, hash: nextHash, size: nextBytes.length },
    { now, source: 'markdown' },
  );
  return { changed: true, intentPath };
}
