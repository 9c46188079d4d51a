// The import side of sync: a plan file on disk → its rows in the database, writing only the difference.
// Unchanged bytes (same sha256 as recorded) write nothing at all. A file that cannot be read, vanished or
// became empty keeps its last good data: the plan is flagged with the reason, never emptied.
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../db/client';
import { importState, planIdByPath, slugsLike, syncedFiles, trackedPlansByPaths } from '../db/queries/plan-files';
import type { TrackedPlanFile } from '../db/queries/plan-files';
import { hasActiveItems } from '../db/queries/write-back';
import { insertPlanRow, setPlanError } from '../db/writes/plan-files';
import { charOffsets, hashPlanFile, readPlanText, type PlanText } from './read-plan-file';
import type { PlanModel } from '../parser/index';
import { importParsed, parseFailure, type ApplyResult } from './apply-model';
import { plansDir as defaultPlansDir, storedPlanPath } from './config';
import { emitPlanChanged } from './events';
import { lockPlan, lockPlanCreation } from '../db/plan-lock';
import { slugBase, uniqueSlug } from './slug';
import { isBlankPlan } from './unusable-file';
import { forgetImportFailure, recordImportFailure } from './import-failures';
import { FileMovedError } from './writer';
import { forgetRows, rememberedBytes, rememberedRows, rememberRows, takeParsed } from './item-rows-memo';
import type { ParsedText } from './item-rows-memo';

export interface SyncOptions {
  /** Folder paths are stored relative to (default PLANS_DIR / ./plans). */
  plansDir?: string;
  /** Re-import even when the hash matches the recorded one. */
  force?: boolean;
  now?: Date;
  /** Long imports: called with a stage name and rows written so far. */
  onProgress?: (progress: {
    stage: 'read' | 'parse' | 'write' | 'history';
    done: number;
    total: number;
    bytes?: number;
  }) => void;
  /** Read a new plan's git history on its first import (default true; sync/git-history.ts). */
  gitHistory?: boolean;
  /** Parser override (benchmarks compare against the parse alone), for files that must be parsed: an edit
   * that only flips checkboxes updates the last import's model instead (decision 048). */
  parse?: (source: string) => PlanModel | Promise<PlanModel>;
}

export type SyncOutcome = 'created' | 'updated' | 'unchanged' | 'error';

export interface SyncResult {
  /** Absolute path of the file. */
  file: string;
  /** The path as stored in plans.path. */
  path: string;
  slug: string | null;
  planId: number | null;
  outcome: SyncOutcome;
  /** Why the file could not be imported (the plan keeps its last good data). */
  error: string | null;
  /** sha256 of the bytes read (null when the file could not be read): what this sync saw on disk. */
  hash: string | null;
  changes: Omit<ApplyResult, 'changedKeys' | 'wrote' | 'rows'>;
  /** Active items of the plan after the sync (null when unknown). */
  items: number | null;
  /** Diagnostics of the parse, by severity. */
  diagnostics: { error: number; warning: number; info: number };
  ms: number;
  /** A first import's history from git: how many commits were read and events recorded (absent: not read;
   * null: the file is not in a git work tree, so its history starts now). */
  git?: { commits: number; events: number } | null;
  /** Set when the file is a source document (a gap analysis), stored as a source rather than a plan. */
  source?: { sourceId: number; topics: number };
}

const NO_CHANGES = { inserted: 0, updated: 0, moved: 0, removed: 0, restored: 0, events: 0 };

export async function syncPlan(db: Db, file: string, opts: SyncOptions = {}): Promise<SyncResult> {
  // The file may change again while it is parsed (an editor saving twice, a write-back): the import checks
  // under the plan lock that the bytes are still the ones parsed, and starts over when they are not.
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await syncOnce(db, file, opts);
      // A file without a plan has nowhere else to keep why it failed (sync/import-failures.ts).
      if (result.outcome === 'error' && result.planId === null && existsSync(result.file))
        recordImportFailure(result.file, result.error ?? '');
      else forgetImportFailure(result.file);
      return result;
    } catch (error) {
      if (!(error instanceof FileMovedError)) throw error;
      if (attempt >= 5) {
        throw new Error(
          `${error.path} kept changing while it was being imported; it will be picked up on its next change (or run tickmark sync again)`,
        );
      }
    }
  }
}

/** The parser and the rarer import paths, loaded on the first import that needs them (decision 051) and then
 * kept: resolving four dynamic imports again costs ~1.4 ms of CPU per re-sync. */
let importModules: ReturnType<typeof loadImportModules> | undefined;
function loadImportModules() {
  return Promise.all([
    import('../parser/index'),
    import('./import-source'),
    import('./recover'),
    import('./git-history'),
  ]);
}

async function syncOnce(db: Db, file: string, opts: SyncOptions): Promise<SyncResult> {
  const started = performance.now();
  const abs = path.resolve(file);
  const { stored, known } = await findTracked(db, abs, opts.plansDir ?? defaultPlansDir());
  const base = {
    file: abs,
    path: stored,
    hash: null as string | null,
    changes: { ...NO_CHANGES },
    diagnostics: { error: 0, warning: 0, info: 0 },
  };
  const done = (r: Omit<SyncResult, keyof typeof base | 'ms'> & Partial<typeof base>): SyncResult => ({
    ...base,
    ...r,
    ms: Math.round(performance.now() - started),
  });

  opts.onProgress?.({ stage: 'read', done: 0, total: 1 });
  let read: PlanText;
  // The bytes the last import read, to find checkbox flips on the bytes (decision 057).
  const like = known?.hash && !opts.force ? rememberedBytes(db, known.id, known.hash) : undefined;
  try {
    read = readPlanText(abs, { like });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    await flagPlan(db, known, reason);
    return done({ slug: known?.slug ?? null, planId: known?.id ?? null, outcome: 'error', error: reason, items: null });
  }
  const hash = read.hash;
  base.hash = hash;
  const unchanged = known !== undefined && known.hash === hash && known.error === null && !opts.force;
  const unchangedResult = () =>
    done({ slug: known!.slug, planId: known!.id, outcome: 'unchanged', error: null, items: null });
  // Asked by up to three checks below; the answer cannot change in between.
  let activeItems: Promise<boolean> | undefined;
  const hasItems = (planId: number) => (activeItems ??= hasActiveItems(db, planId));
  // The bytes last imported, of a plan with items (so not a source, below): nothing to do. Decided before the
  // parser and its markdown stack (~200 modules) load, which a read of unchanged plans never needs (decision 051).
  if (unchanged && (await hasItems(known.id))) return unchangedResult();
  const [
    { looksLikeSource, modelAfterFlips, modelAfterFlipsAt, parsePlan },
    { importSource },
    { recoverPlan },
    { importGitHistory },
  ] = await (importModules ??= loadImportModules());
  // A gap analysis is a source document, not a plan (issue 12): stored with its topics, not shown as "0 of 0".
  // Undecoded flips (source null) differ from a remembered text of a plan with active items: no source.
  if (read.source !== null && looksLikeSource(read.source) && (!known || !(await hasItems(known.id)))) {
    const r = await importSource(db, stored, read.source, hash, known?.id ?? null);
    // Its plan row is gone: pages that remember it (its head, decision 059) must hear of it.
    if (known) emitPlanChanged({ planId: known.id, slug: known.slug, source: 'markdown' });
    return done({
      slug: null,
      planId: null,
      outcome: r.outcome,
      error: null,
      items: null,
      source: { sourceId: r.sourceId, topics: r.topics },
    });
  }
  if (unchanged) return unchangedResult();

  // An emptied file is far more often a save in progress or a mistake than a plan with no items left.
  if (known && read.source !== null && isBlankPlan(read.source) && (await hasItems(known.id))) {
    const reason = `${abs}: file is empty; keeping the plan's last imported items (delete the plan explicitly if that is meant)`;
    await flagPlan(db, known, reason);
    return done({ slug: known.slug, planId: known.id, outcome: 'error', error: reason, items: null });
  }

  opts.onProgress?.({ stage: 'parse', done: 0, total: 1, bytes: read.size });
  let model: PlanModel;
  // Checkboxes flipped in an editor: the last import's model, updated where they changed (decision 048).
  const last = known?.hash && !opts.force ? takeParsed(db, known.id, known.hash) : undefined;
  let flipped: { model: PlanModel; changedKeys: ReadonlySet<string> } | null = null;
  let parsed: ParsedText | undefined;
  if (read.flips) {
    // Flips found on the bytes: the remembered text with the flipped characters, never decoded.
    const bytes = last?.bytes;
    if (last && bytes && bytes === like) {
      const charAt = (last.charAt ??= charOffsets(bytes));
      const chars = last.chars ?? new Map<number, string>();
      const flips = new Map<number, string>();
      for (const { at, byte } of read.flips) {
        const offset = charAt(at);
        if ((chars.get(offset) ?? last.text[offset]) !== String.fromCharCode(bytes[at])) break;
        flips.set(offset, String.fromCharCode(byte));
      }
      const done =
        flips.size === read.flips.length ? modelAfterFlipsAt({ base: last.text, chars }, last.model, flips) : null;
      if (done) {
        for (const { at, byte } of read.flips) bytes[at] = byte;
        flipped = done;
        parsed = { text: done.text.base, chars: done.text.chars, model: done.model, bytes, charAt };
      }
    }
    if (!flipped) {
      // Not flips after all: the file as it is, decoded (a change since the first read starts over).
      const again = readPlanText(abs);
      if (again.hash !== hash) throw new FileMovedError(abs);
      read = again;
    }
  }
  // Flips in a text read whole (a text the bytes path declines: mojibake, a flip on a line the update reads).
  if (!flipped && last && !last.chars?.size && read.source !== null)
    flipped = modelAfterFlips(last.text, last.model, read.source);
  const source = read.source;
  try {
    if (flipped) model = flipped.model;
    else if (source === null) throw new Error('the file was not decoded');
    else model = await (opts.parse ?? parsePlan)(source);
  } catch (error) {
    // parsePlan is meant to be total; if it throws anyway, keep the data and say so.
    const reason = `${abs}: the parser failed (${error instanceof Error ? error.message : String(error)}); keeping the last imported data`;
    await flagPlan(db, known, reason);
    return done({ slug: known?.slug ?? null, planId: known?.id ?? null, outcome: 'error', error: reason, items: null });
  }
  const failure = parseFailure(model);
  if (failure) {
    const reason = `${abs}: ${failure}; keeping the last imported data`;
    await flagPlan(db, known, reason);
    return done({ slug: known?.slug ?? null, planId: known?.id ?? null, outcome: 'error', error: reason, items: null });
  }
  const diagnostics = { error: 0, warning: 0, info: 0 };
  for (const d of model.diagnostics) diagnostics[d.severity]++;

  const now = opts.now ?? new Date();
  let touched: number | undefined;
  const outcome = await db
    .transaction(async (tx) => {
      let planId = known?.id;
      let slug = known?.slug;
      let created = false;
      if (planId === undefined) {
        const row = await createPlan(tx, abs, stored, model.title, now);
        ({ id: planId, slug, created } = row);
      }
      await lockPlan(tx, planId);
      // A write-back that crashed between its file write and its commit is recorded as what it was (a ui/cli
      // change, by its actor) before this import would otherwise read it as an edit made in the markdown.
      if (!created) await recoverPlan(tx, planId, abs);
      let current: string | null;
      try {
        current = hashPlanFile(abs);
      } catch {
        current = null;
      }
      if (current !== hash) throw new FileMovedError(abs); // rolls back; syncPlan starts over
      // Someone (the write-back engine, another sync) may have recorded this very content while we parsed.
      const state = await importState(tx, planId);
      if (!created && state.hash === hash && state.error === null && !opts.force) {
        return { planId, slug: slug!, created, result: null };
      }
      touched = planId;
      const knownRows = created ? undefined : rememberedRows(db, planId, state.hash);
      const result = await importParsed(
        tx,
        { planId, model, filePath: abs, hash, size: read.size },
        {
          now,
          source: 'markdown',
          firstImport: created || state.hash === undefined,
          knownRows,
          // The flips' keys say what changed relative to the rows remembered with the model they updated.
          changedKeys: flipped && knownRows === last?.rows ? flipped.changedKeys : undefined,
          onProgress: (w, t) => opts.onProgress?.({ stage: 'write', done: w, total: t, bytes: read.size }),
        },
      );
      return { planId, slug: slug!, created, result };
    })
    .catch((error: unknown) => {
      if (touched !== undefined) forgetRows(db, touched);
      throw error;
    });

  const { planId, slug, created, result } = outcome;
  if (result?.rows) {
    parsed ??= { text: source!, model, bytes: read.bytes };
    rememberRows(db, planId, hash, result.rows, parsed);
  }
  // A new plan's history from its git commits, so its burndown and reports are right from day one.
  const git =
    created && opts.gitHistory !== false
      ? await importGitHistory(db, planId, abs, {
          parse: opts.parse,
          onProgress: (d, t) => opts.onProgress?.({ stage: 'history', done: d, total: t }),
        })
      : undefined;
  if (result?.wrote) emitPlanChanged({ planId, slug, source: 'markdown', keys: result.changedKeys.slice(0, 1000) });
  const { changedKeys: _k, wrote, rows: _r, ...changes } = result ?? { changedKeys: [], wrote: false, ...NO_CHANGES };
  return done({
    slug,
    planId,
    outcome: created ? 'created' : wrote ? 'updated' : 'unchanged',
    error: null,
    items: model.items.length,
    changes,
    diagnostics,
    ...(git !== undefined ? { git } : {}),
  });
}

/** Every `*.md` under the plans folder (recursively, skipping dot-folders and node_modules), then every known
 * plan inside that folder whose file is gone (flagged, not deleted). */
export async function syncAll(
  db: Db,
  dir: string = defaultPlansDir(),
  opts: Omit<SyncOptions, 'plansDir'> & { onPlan?: (r: SyncResult) => void } = {},
): Promise<SyncResult[]> {
  const root = path.resolve(dir);
  const files = await listPlanFiles(root);
  const results: SyncResult[] = [];
  for (const f of files) {
    const r = await syncPlan(db, f, { ...opts, plansDir: root });
    results.push(r);
    opts.onPlan?.(r);
  }
  // Plans last synced from a file in this folder (sync_state keeps the absolute path) whose file is gone.
  const seen = new Set(files);
  for (const file of await syncedFiles(db)) {
    const rel = path.relative(root, file);
    if (seen.has(file) || rel.startsWith('..') || path.isAbsolute(rel)) continue;
    const r = await syncPlan(db, file, { ...opts, plansDir: root });
    results.push(r);
    opts.onPlan?.(r);
  }
  return results;
}

export async function listPlanFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string) => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && dir === root) {
        throw new Error(`plans folder ${root} does not exist (set PLANS_DIR or pass files to sync)`);
      }
      throw error;
    }
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile() && e.name.toLowerCase().endsWith('.md')) out.push(p);
    }
  };
  await walk(root);
  return out.sort();
}

/**
 * Which plan a file is. Plans inside the plans folder are stored by relative path (the database then works
 * from another checkout: a plan whose recorded file is gone is adopted by the same relative path). When that
 * relative path already belongs to a different file that still exists (two plans folders with the same
 * file name), the newcomer is tracked by its absolute path instead of being merged into the other plan.
 */
async function findTracked(
  db: Db,
  abs: string,
  dir: string,
): Promise<{ stored: string; known: TrackedPlanFile | undefined }> {
  const relative = storedPlanPath(abs, dir);
  const rows = await trackedPlansByPaths(db, relative === abs ? [abs] : [abs, relative]);
  const byAbs = rows.find((r) => r.path === abs);
  if (relative === abs || byAbs) return { stored: abs, known: byAbs };
  const byRel = rows.find((r) => r.path === relative);
  if (byRel && byRel.file && byRel.file !== abs && existsSync(byRel.file)) return { stored: abs, known: undefined };
  return { stored: relative, known: byRel };
}

async function createPlan(tx: Db, abs: string, stored: string, title: string | null, now: Date) {
  // Until this transaction ends, no other process picks a slug: the look-up below sees every plan created.
  await lockPlanCreation(tx);
  const base = slugBase(abs);
  const slug = uniqueSlug(base, await slugsLike(tx, base));
  const row = await insertPlanRow(tx, { slug, path: stored, title, now });
  if (row) return { ...row, created: true };
  // Another process created this very file's plan first (it held the creation lock before us).
  const existing = (await planIdByPath(tx, stored))!;
  return { ...existing, created: false };
}

async function flagPlan(
  db: Db,
  known: { id: number; slug: string; error: string | null } | undefined,
  reason: string,
): Promise<void> {
  if (!known || known.error === reason) return;
  await setPlanError(db, known.id, reason);
  emitPlanChanged({ planId: known.id, slug: known.slug, source: 'markdown' });
}
