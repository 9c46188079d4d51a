// Structural changes (and many status changes at once) as one write-back (decision 022): the same lock, crash
// intent, atomic write and import-first as a tick; the rows follow the new text through import.
import { type Db } from '../../db/client';
import { getPlanRefByPath } from '../../db/queries/plans';
import { activeItem, itemVersions, syncedHash } from '../../db/queries/write-back';
import { insertChange, rekeyItem } from '../../db/writes/write-back';
import {
  applyStructureChanges,
  EditConflictError,
  inverseEdits,
  localIsoDate,
  StructureError,
  type AppliedStructure,
  type Edit,
  type Status,
  type StructureChange,
  type StructureOutcome,
} from '../../parser/index';
import { importParsed } from '../apply-model';
import { storedPlanPath } from '../config';
import { hashBytes } from '../hash';
import { recoverPlan } from '../recover';
import { applyOnce } from './apply-once';
import { crashPoint } from './crash-points';
import { UnknownPlanError, VersionConflictError } from './errors';
import { current, rememberModel } from './model-cache';
import { retryOnLostConnection } from './retry-on-lost-connection';
import {
  type ChangeOptions,
  type PlanRef,
  type PlanRow,
  type StructureResult,
  type WriteBackOf,
  type WriteProgress,
} from './types';
import { writableTarget } from '../write-target';
import { writeWithIntent } from './write-with-intent';

/**
 * Applies structural changes (add, edit, move, remove items; add or rename sections; add phases) and status
 * changes — one or many, in order — to a plan file and its rows as ONE write: the same lock, crash intent,
 * atomic write and import-first as a tick. The rows follow the new text through import (removed items stay,
 * marked removed, with their history); an item without an ID whose key follows its title or section keeps
 * its row (and history) by being re-keyed first. `opts.expectedVersion` guards the first change's item.
 */
export function applyStructure(
  db: Db,
  plan: PlanRef,
  changes: StructureChange[],
  opts: ChangeOptions,
): Promise<StructureResult> {
  const keys = changes.map((c) => ('key' in c ? c.key : c.kind));
  return retryOnLostConnection(keys.join(', '), (progress) =>
    applyOnce(db, plan, opts, progress, keys, (tx, row, file) =>
      writeBackStructure(tx, row, file, changes, opts, progress),
    ),
  );
}

/** applyStructure for a plan named by its file (how `plan merge` and other tools address plans). */
export async function applyStructureToFile(
  db: Db,
  file: string,
  changes: StructureChange[],
  opts: ChangeOptions,
): Promise<StructureResult> {
  const plan = await getPlanRefByPath(db, storedPlanPath(file, opts.plansDir));
  if (!plan) throw new UnknownPlanError({ slug: file });
  return applyStructure(db, { id: plan.id }, changes, opts);
}

/** Sets many items' statuses in one write (the dashboard's selection, `tickmark set FILE ID… STATUS`). */
export function setStatuses(
  db: Db,
  plan: PlanRef,
  keys: string[],
  status: Status,
  opts: ChangeOptions,
): Promise<StructureResult> {
  return applyStructure(
    db,
    plan,
    keys.map((key) => ({ kind: 'set-status', key, status })),
    opts,
  );
}

async function writeBackStructure(
  tx: Db,
  plan: PlanRow,
  file: string,
  changes: StructureChange[],
  opts: ChangeOptions,
  progress: WriteProgress,
): Promise<WriteBackOf<{ outcomes: StructureOutcome[] }>> {
  await recoverPlan(tx, plan.id, file);
  const now = opts.now ?? new Date();
  const today = opts.today ?? localIsoDate(now);
  const cur = await current(plan.id, file);
  const text = cur.text.toString();
  let imported = false;
  if ((await syncedHash(tx, plan.id)) !== cur.hash) {
    await importParsed(
      tx,
      { planId: plan.id, model: cur.model, filePath: file, hash: cur.hash, size: cur.bytes.length },
      { now, source: 'markdown' },
    );
    imported = true;
  }
  const rows = await itemVersions(tx, plan.id);
  const first = changes[0];
  if (opts.expectedVersion !== undefined && first && 'key' in first) {
    const row = rows.find((r) => r.key === first.key && r.removedAt === null);
    if (row && row.version !== opts.expectedVersion) {
      const current = (await activeItem(tx, plan.id, first.key))!;
      return { refused: new VersionConflictError(current, opts.expectedVersion), imported };
    }
  }
  // Every ID the plan ever had (removed items included) stays retired.
  const knownIds = rows.flatMap((r) => (r.itemId ? [r.itemId] : []));
  let applied: AppliedStructure;
  try {
    applied = applyStructureChanges(text, changes, { today, knownIds, model: cur.model });
  } catch (error) {
    if (error instanceof StructureError || error instanceof EditConflictError) return { refused: error, imported };
    throw error;
  }
  const value = { outcomes: applied.outcomes };
  if (applied.text === text) return { value, edits: [], intentPath: null, imported };

  const bytes = Buffer.from(applied.text, 'utf8');
  const hash = hashBytes(bytes);
  const target = writableTarget(file, opts.plansDir);
  const { intentPath, written } = await writeWithIntent(file, target, bytes, cur.stamp, progress, {
    planId: plan.id,
    kind: 'structure',
    key: changes.map((c) => ('key' in c ? c.key : c.kind)).join(','),
    from: 'todo',
    to: 'todo',
    at: now.toISOString(),
    source: opts.source,
    actor: opts.actor ?? null,
    oldHash: cur.hash,
    newHash: hash,
  });

  // An item keyed by its title or section (no ID) gets a new key when edited or moved: its row follows.
  const taken = new Set(rows.map((r) => r.key));
  for (const o of applied.outcomes) {
    if (!o.previousKey || !o.key || taken.has(o.key)) continue;
    await rekeyItem(tx, plan.id, o.previousKey, o.key);
    taken.add(o.key);
  }
  const result = await importParsed(
    tx,
    { planId: plan.id, model: applied.model, filePath: file, hash, size: bytes.length },
    { now, source: opts.source, actor: opts.actor ?? null },
  );
  rememberModel(plan.id, {
    bytes,
    hash,
    text: applied.text,
    model: applied.model,
    written,
  });
  // The whole change is one edit of the file: from its first changed byte to its last.
  const edits = [wholeEdit(text, applied.text)];
  const statusItems = changes.flatMap((c) => {
    if (c.kind !== 'set-status') return [];
    const r = rows.find((x) => x.key === c.key && x.removedAt === null);
    return r ? [{ key: r.key, status: r.status, to: c.status, doneDate: r.doneDate }] : [];
  });
  await insertChange(tx, {
    planId: plan.id,
    at: now,
    source: opts.source,
    actor: opts.actor ?? null,
    summary: changes.map(describeChange).join(', '),
    oldHash: cur.hash,
    newHash: hash,
    undo: inverseEdits(edits),
    items: statusItems,
    role: changes.every((c) => c.kind === 'set-status') ? 'contributor' : 'lead',
  });
  crashPoint('before-commit');
  return { value, edits, intentPath, imported, keys: result.changedKeys };
}

function describeChange(c: StructureChange): string {
  switch (c.kind) {
    case 'set-status':
      return `${c.key} → ${c.status}`;
    case 'set-dates':
      return `dates ${c.startDate ?? '–'} → ${c.targetDate ?? '–'}`;
    case 'add-item':
      return `added "${c.title}"`;
    case 'add-section':
    case 'add-phase':
      return c.kind.replace('-', ' ');
    case 'rename-section':
      return `renamed section ${c.section}`;
    case 'set-coverage':
      return c.summary;
    default:
      return `${c.kind.replace('-item', '')} ${c.key}`;
  }
}

/** The smallest single edit turning `before` into `after` (common prefix and suffix kept). */
function wholeEdit(before: string, after: string): Edit {
  let head = 0;
  const max = Math.min(before.length, after.length);
  while (head < max && before[head] === after[head]) head++;
  let tail = 0;
  while (tail < max - head && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  return {
    start: head,
    end: before.length - tail,
    expect: before.slice(head, before.length - tail),
    text: after.slice(head, after.length - tail),
  };
}
