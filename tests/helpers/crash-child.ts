// A separate process for the crash test (tests/db/crash.test.ts): `tick` tracks the plan and changes one item
// with TICKMARK_CRASH_AT set, so the engine kills its own process (SIGKILL) at that point; `recover` is the
// next start: it settles leftover intents (`sync`: by importing the plans folder, as a server start does) and
// prints what the database and the file hold.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { closeDb, getDb } from '../../db/client';
import { itemEvents, items, plans, syncState } from '../../db/schema';
import { syncAll, syncPlan } from '../../sync/import';
import { applyStructure, setStatus } from '../../sync/engine';
import { recoverAll } from '../../sync/recover';
import { hashBytes } from '../../sync/hash';
import type { Status } from '../../parser/index';

const [mode, file, key, status] = process.argv.slice(2);
const dir = path.dirname(file);
const db = await getDb();

if (mode === 'tick') {
  const r = await syncPlan(db, file, { plansDir: dir });
  await setStatus(db, { id: r.planId! }, key, status as Status, {
    source: 'ui',
    actor: 'crash-test',
    today: '2026-11-26',
    plansDir: dir,
  });
  // Only reached when no crash point fired.
  process.stdout.write(`${JSON.stringify({ survived: true })}\n`);
} else if (mode === 'remove') {
  // A structural change: the item's lines go (it stays in the database as removed).
  const r = await syncPlan(db, file, { plansDir: dir });
  await applyStructure(db, { id: r.planId! }, [{ kind: 'remove-item', key }], {
    source: 'ui',
    actor: 'crash-test',
    today: '2026-11-26',
    plansDir: dir,
  });
  process.stdout.write(`${JSON.stringify({ survived: true })}\n`);
} else {
  // `recover` settles intents directly; `sync` is a server start, which imports every plan (and must settle
  // the intent first, or the crashed change would be read as an edit made in the markdown).
  const first = mode === 'sync' ? (await syncAll(db, dir)).map((r) => r.outcome) : await recoverAll(db, dir);
  const second = await recoverAll(db, dir);
  const [plan] = await db
    .select()
    .from(plans)
    .where(eq(plans.path, path.basename(file)));
  const [item] = await db
    .select()
    .from(items)
    .where(and(eq(items.planId, plan.id), eq(items.key, key)));
  const events = await db.select().from(itemEvents).where(eq(itemEvents.itemId, item.id));
  const [state] = await db.select().from(syncState).where(eq(syncState.planId, plan.id));
  const report = {
    first,
    second,
    status: item.status,
    removed: item.removedAt !== null,
    version: item.version,
    uiEvents: events
      .filter((e) => e.source === 'ui')
      .map((e) => ({ from: e.fromStatus, to: e.toStatus, actor: e.actor })),
    markdownEvents: events.filter((e) => e.source === 'markdown').length,
    syncedHash: state.contentHash,
    fileHash: hashBytes(readFileSync(file)),
    intentsLeft: readdirSync(dir).filter((n) => n.endsWith('.tickmark-intent.json')).length,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}
await closeDb();
process.exit(0);
