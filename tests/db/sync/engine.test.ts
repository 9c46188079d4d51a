// The write-back engine on real files and the shared test database: every change lands in the file and in
// the database, in one step; the file re-parsed always equals the database; stale versions are refused.
import { chmodSync, copyFileSync, existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { and, asc, eq, isNull } from 'drizzle-orm';
import fc from 'fast-check';
import { testDb, tempPlansDir, copySeed, editOnce, uniqueName, repoRoot } from '../../helpers/database';
import type { Db } from '../../../db/client';
import { itemEvents, items, plans, progressLogRows, syncState } from '../../../db/schema';
import { documentRows, freshImportRows, planDocuments } from '../../helpers/document-rows';
import { syncPlan } from '../../../sync/import';
import { setStatus, UnknownPlanError, VersionConflictError } from '../../../sync/engine';
import { pendingIntents } from '../../../sync/recover';
import { UnknownItemError } from '../../../parser/index';
import { hashBytes } from '../../../sync/hash';
import { parsePlan, type Diagnostic, type Status } from '../../../parser/index';
import { claimsDone } from '../../../parser/index';
import { addDays } from '../../../report/weeks';

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

const TODAY = '2026-11-26';

async function track(file: string, dir: string) {
  const r = await syncPlan(db, file, { plansDir: dir });
  expect(r.error).toBeNull();
  return { id: r.planId!, slug: r.slug! };
}

async function dbStatuses(planId: number): Promise<Map<string, string>> {
  const rows = await db
    .select({ key: items.key, status: items.status })
    .from(items)
    .where(and(eq(items.planId, planId), isNull(items.removedAt)))
    .orderBy(asc(items.position));
  return new Map(rows.map((r) => [r.key, r.status]));
}

function fileStatuses(file: string): Map<string, string> {
  return new Map(parsePlan(readFileSync(file, 'utf8')).items.map((i) => [i.key, i.status]));
}

/** Each active item's stored line, and each item's line in the file. */
async function dbLines(planId: number): Promise<Map<string, number>> {
  const rows = await db
    .select({ key: items.key, line: items.line })
    .from(items)
    .where(and(eq(items.planId, planId), isNull(items.removedAt)));
  return new Map(rows.map((r) => [r.key, r.line]));
}

function fileLines(file: string): Map<string, number> {
  return new Map(parsePlan(readFileSync(file, 'utf8')).items.map((i) => [i.key, i.line]));
}

async function itemRow(planId: number, key: string) {
  const [row] = await db
    .select()
    .from(items)
    .where(and(eq(items.planId, planId), eq(items.key, key)));
  return row;
}

describe('setStatus', () => {
  it('writes the status, the bookkeeping, the event, the version and the hash together', async () => {
    const dir = tempPlansDir();
    const file = copySeed(dir);
    const plan = await track(file, dir);
    const before = await itemRow(plan.id, 'CACHE-003');

    const r = await setStatus(db, { slug: plan.slug }, 'CACHE-003', 'todo', {
      source: 'ui',
      actor: 'alice',
      today: TODAY,
      plansDir: dir,
    });
    expect(r.version).toBe(before.version + 1);
    expect(r.item.status).toBe('todo');

    const text = readFileSync(file, 'utf8');
    expect(text).toContain('- [ ] **CACHE-003**: Cache Breakdown - Hot key expiration, mutex locks\n');
    expect(text).toContain('| 2026-01-02 | CACHE-001, CACHE-002, CACHE-004, CACHE-005 |');
    expect(text).toContain('| **TOTAL** | **128** | **127** | **0** | **1** |');
    const events = await db
      .select()
      .from(itemEvents)
      .where(eq(itemEvents.itemId, before.id))
      .orderBy(asc(itemEvents.id));
    expect(events.at(-1)).toMatchObject({ fromStatus: 'done', toStatus: 'todo', source: 'ui', actor: 'alice' });
    const [state] = await db.select().from(syncState).where(eq(syncState.planId, plan.id));
    expect(state.contentHash).toBe(hashBytes(readFileSync(file)));
    const logged = await db
      .select({ ids: progressLogRows.ids })
      .from(progressLogRows)
      .where(eq(progressLogRows.planId, plan.id));
    expect(logged.some((row) => row.ids.includes('CACHE-003'))).toBe(false);
    expect(logged.some((row) => row.ids.includes('CACHE-004'))).toBe(true);

    // The stored diagnostics describe the new text: the write-back settled the seed's count drift.
    const [stored] = await db.select({ diagnostics: plans.diagnostics }).from(plans).where(eq(plans.id, plan.id));
    const codes = (list: unknown[]) => list.map((d) => `${(d as Diagnostic).code}@${(d as Diagnostic).line}`);
    expect(codes(stored.diagnostics)).toEqual(codes(parsePlan(text).diagnostics));
    expect(codes(stored.diagnostics).some((c) => c.startsWith('count-mismatch'))).toBe(false);

    // The engine's own write is already synced: import finds nothing to do and records nothing more.
    const again = await syncPlan(db, file, { plansDir: dir });
    expect(again.outcome).toBe('unchanged');
    expect(await db.select().from(itemEvents).where(eq(itemEvents.itemId, before.id))).toHaveLength(events.length);

    // Done again the same day: the log row, the counts and the item line come back byte for byte.
    const s1 = readFileSync(file, 'utf8');
    await setStatus(db, { id: plan.id }, 'NET-002', 'todo', { source: 'cli', today: TODAY, plansDir: dir });
    const s2 = readFileSync(file, 'utf8');
    await setStatus(db, { id: plan.id }, 'NET-002', 'done', { source: 'cli', today: TODAY, plansDir: dir });
    expect(readFileSync(file, 'utf8')).toContain('| 2026-11-26 | NET-002 |  |');
    await setStatus(db, { id: plan.id }, 'NET-002', 'todo', { source: 'cli', today: TODAY, plansDir: dir });
    expect(readFileSync(file, 'utf8')).toBe(s2);
    expect(s2).not.toBe(s1);
  });

  it('imports an editor’s change first, then applies its own against the new text', async () => {
    const dir = tempPlansDir();
    const file = copySeed(dir);
    const plan = await track(file, dir);
    editOnce(file, '- [x] **K8S-002**', '- [ ] **K8S-002**');
    await setStatus(db, plan, 'K8S-004', 'in-progress', { source: 'ui', actor: 'bob', today: TODAY, plansDir: dir });
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('- [ ] **K8S-002**');
    expect(text).toContain('- [/] **K8S-004**');
    expect(await dbStatuses(plan.id)).toEqual(fileStatuses(file));
    const k2 = await itemRow(plan.id, 'K8S-002');
    const [event] = await db
      .select()
      .from(itemEvents)
      .where(eq(itemEvents.itemId, k2.id))
      .orderBy(asc(itemEvents.id))
      .limit(2)
      .offset(1);
    expect(event).toMatchObject({ fromStatus: 'done', toStatus: 'todo', source: 'markdown' });
  });

  it('refuses a stale expectedVersion with the current state, and writes nothing', async () => {
    const dir = tempPlansDir();
    const file = copySeed(dir);
    const plan = await track(file, dir);
    const v = (await itemRow(plan.id, 'SEC-001')).version;
    await setStatus(db, plan, 'SEC-001', 'in-progress', {
      source: 'ui',
      actor: 'carol',
      expectedVersion: v,
      today: TODAY,
      plansDir: dir,
    });
    const bytes = readFileSync(file);
    const error = await setStatus(db, plan, 'SEC-001', 'todo', {
      source: 'ui',
      actor: 'dave',
      expectedVersion: v,
      today: TODAY,
      plansDir: dir,
    }).catch((e) => e);
    expect(error).toBeInstanceOf(VersionConflictError);
    expect((error as VersionConflictError).current).toMatchObject({
      key: 'SEC-001',
      status: 'in-progress',
      version: v + 1,
    });
    expect(readFileSync(file).equals(bytes)).toBe(true);
    // An editor's change also bumps the version: a request made before it conflicts.
    editOnce(file, '- [/] **SEC-001**', '- [x] **SEC-001**');
    const stale = await setStatus(db, plan, 'SEC-001', 'todo', {
      source: 'ui',
      expectedVersion: v + 1,
      today: TODAY,
      plansDir: dir,
    }).catch((e) => e);
    expect(stale).toBeInstanceOf(VersionConflictError);
    expect((stale as VersionConflictError).current.status).toBe('done');
    // The editor's change was imported and stays imported although the request was refused.
    expect((await itemRow(plan.id, 'SEC-001')).status).toBe('done');
    // Changes to different items with their own current versions both land.
    const a = await itemRow(plan.id, 'SEC-002');
    const b = await itemRow(plan.id, 'SEC-003');
    await Promise.all([
      setStatus(db, plan, 'SEC-002', 'todo', { source: 'ui', expectedVersion: a.version, today: TODAY, plansDir: dir }),
      setStatus(db, plan, 'SEC-003', 'todo', { source: 'ui', expectedVersion: b.version, today: TODAY, plansDir: dir }),
    ]);
    expect(fileStatuses(file).get('SEC-002')).toBe('todo');
    expect(fileStatuses(file).get('SEC-003')).toBe('todo');
  });

  it('names a plan deleted since its last tick, and ticks the newer plan that took its slug', async () => {
    const dir = tempPlansDir();
    const file = copySeed(dir);
    const plan = await track(file, dir);
    const opts = { source: 'cli', today: TODAY, plansDir: dir } as const;
    await setStatus(db, { id: plan.id }, 'CACHE-003', 'todo', opts);
    await setStatus(db, { slug: plan.slug }, 'CACHE-003', 'done', opts);
    await db.delete(plans).where(eq(plans.id, plan.id));

    await expect(setStatus(db, { id: plan.id }, 'CACHE-003', 'todo', opts)).rejects.toBeInstanceOf(UnknownPlanError);
    const again = await track(file, dir);
    expect(again.slug).toBe(plan.slug);
    const r = await setStatus(db, { slug: plan.slug }, 'CACHE-003', 'todo', opts);
    expect(r.item.planId).toBe(again.id);
    expect(await dbStatuses(again.id)).toEqual(fileStatuses(file));
  });

  it('ticks the file the database names for the plan, not the one it named at the last tick', async () => {
    const dir = tempPlansDir();
    const file = copySeed(dir);
    const plan = await track(file, dir);
    const opts = { source: 'cli', today: TODAY, plansDir: dir } as const;
    await setStatus(db, { id: plan.id }, 'CACHE-003', 'todo', opts);
    // As after a database restored under a running server: the plan's id now stands for another file.
    const other = path.join(dir, uniqueName('other'));
    copyFileSync(file, other);
    await db
      .update(plans)
      .set({ path: path.basename(other) })
      .where(eq(plans.id, plan.id));
    const before = readFileSync(file);

    await setStatus(db, { id: plan.id }, 'CACHE-004', 'todo', opts);
    expect(readFileSync(file)).toEqual(before);
    expect(fileStatuses(other).get('CACHE-004')).toBe('todo');
    expect(await dbStatuses(plan.id)).toEqual(fileStatuses(other));
  });

  it('removes each tick’s crash intent, and the next writer does not take it for a leftover', async () => {
    const dir = tempPlansDir();
    const file = copySeed(dir);
    const plan = await track(file, dir);
    const intents = () => readdirSync(dir).filter((n) => n.endsWith('.tickmark-intent.json'));
    for (const status of ['todo', 'done'] as const) {
      await setStatus(db, plan, 'CACHE-003', status, { source: 'cli', today: TODAY, plansDir: dir });
      // Its removal may still be running: it is settled all the same.
      expect(await pendingIntents(file)).toEqual([]);
      for (let wait = 0; intents().length && wait < 100; wait++) await new Promise((r) => setTimeout(r, 10));
      expect(intents()).toEqual([]);
    }
  });

  it('leaves another plan’s intent to that plan when its name begins with this one’s', async () => {
    const dir = tempPlansDir();
    const file = copySeed(dir);
    const other = `${file}.old.md`;
    copyFileSync(file, other);
    const plan = await track(file, dir);
    const otherPlan = await track(other, dir);
    // A crashed write of the other plan: its intent waits for that plan's next writer to settle it.
    const intent = path.join(dir, `.${path.basename(other)}.0123456789ab.tickmark-intent.json`);
    const at = new Date().toISOString();
    writeFileSync(
      intent,
      JSON.stringify({
        planId: otherPlan.id,
        key: 'CACHE-003',
        from: 'done',
        to: 'todo',
        at,
        source: 'cli',
        actor: null,
        oldHash: 'a',
        newHash: 'b',
      }),
    );
    await setStatus(db, plan, 'CACHE-003', 'todo', { source: 'cli', today: TODAY, plansDir: dir });
    expect(existsSync(intent)).toBe(true);
    expect((await pendingIntents(other)).map((p) => p.path)).toEqual([intent]);
    expect(await pendingIntents(file)).toEqual([]);
  });

  it('keeps the plan file’s permission bits through ticks', async () => {
    // The tick creates its temp file with the mode writableTarget read (decision 066): no second stat.
    const dir = tempPlansDir();
    const file = copySeed(dir);
    const plan = await track(file, dir);
    for (const mode of [0o640, 0o755]) {
      chmodSync(file, mode);
      await setStatus(db, plan, 'CACHE-003', mode === 0o640 ? 'todo' : 'done', { source: 'cli', plansDir: dir });
      expect(statSync(file).mode & 0o7777).toBe(mode);
    }
    expect(fileStatuses(file).get('CACHE-003')).toBe('done');
  });

  it('moves the stored lines of the items below a new day’s log row', async () => {
    // A progress log above the items: the first tick of a day adds a row, one line, and every item below moves.
    const dir = tempPlansDir();
    const file = path.join(dir, 'log-first.md');
    writeFileSync(
      file,
      [
        '# Log first',
        '',
        '## Progress Log',
        '',
        '| Date | Items Completed | Notes |',
        '|------|-----------------|-------|',
        '| 2026-11-20 | A-001 | first |',
        '',
        '## Phase 1: Work',
        '',
        '- [x] **A-001**: one',
        '- [ ] **A-002**: two',
        '- [ ] **A-003**: three',
        '',
      ].join('\n'),
    );
    const plan = await track(file, dir);
    const opts = { source: 'cli', today: TODAY, plansDir: dir } as const;
    const before = fileLines(file);
    await setStatus(db, plan, 'A-002', 'done', opts);
    expect(fileLines(file).get('A-003')).toBe(before.get('A-003')! + 1);
    expect(await dbLines(plan.id)).toEqual(fileLines(file));
    // Unticked the same day, its row goes and the items move back.
    await setStatus(db, plan, 'A-002', 'todo', opts);
    expect(fileLines(file)).toEqual(before);
    expect(await dbLines(plan.id)).toEqual(before);
  });

  it('names an unknown item', async () => {
    const dir = tempPlansDir();
    const plan = await track(copySeed(dir), dir);
    await expect(setStatus(db, plan, 'NOPE-999', 'done', { source: 'cli', plansDir: dir })).rejects.toBeInstanceOf(
      UnknownItemError,
    );
  });

  it('leaves nothing beside the plan when a tick writes nothing', async () => {
    // The new file and the intent are created as a tick starts (decision 066): each way of not writing removes
    // them before the tick returns.
    const dir = tempPlansDir();
    const file = copySeed(dir);
    const plan = await track(file, dir);
    const opts = { source: 'cli', today: TODAY, plansDir: dir } as const;
    const bytes = readFileSync(file);
    const alone = () => expect(readdirSync(dir)).toEqual([path.basename(file)]);
    const { version } = await itemRow(plan.id, 'SEC-001');
    const unknown = await setStatus(db, plan, 'NOPE-999', 'done', opts).catch((e) => e);
    alone();
    expect(unknown).toBeInstanceOf(UnknownItemError);
    const stale = await setStatus(db, plan, 'SEC-001', 'todo', { ...opts, expectedVersion: version - 1 }).catch(
      (e) => e,
    );
    alone();
    expect(stale).toBeInstanceOf(VersionConflictError);
    const same = fileStatuses(file).get('SEC-002') as Status;
    const unchanged = await setStatus(db, plan, 'SEC-002', same, opts);
    alone();
    expect(unchanged.version).toBe((await itemRow(plan.id, 'SEC-002')).version);
    chmodSync(file, 0o444);
    const readOnly = await setStatus(db, plan, 'SEC-003', 'todo', opts).catch((e) => e);
    chmodSync(file, 0o644);
    alone();
    expect(String(readOnly)).toMatch(/read-only/);
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });
});

// Random sequences through the engine on the seed and the corpus: after every step the file re-parsed equals
// the database, the bookkeeping stays consistent, and no diagnostic appears that the document did not have.
const documents = planDocuments();

describe.each(documents.map((f) => [path.relative(repoRoot, f), f]))(
  'random changes through the engine on %s',
  (_name, source) => {
    it('keeps file and database equal after every step', async () => {
      const keys = parsePlan(readFileSync(source, 'utf8')).items.map((i) => i.key);
      // Completions twice as often as each other status: they are the common change, and the one with bookkeeping.
      const statuses: Status[] = ['done', 'done', 'todo', 'in-progress', 'cancelled'];
      await fc.assert(
        fc.asyncProperty(
          // Some steps come a day after the one before: a day's first completion adds a log row, which moves
          // every line below it (the log may come before the items).
          fc.array(fc.tuple(fc.nat({ max: keys.length - 1 }), fc.constantFrom(...statuses), fc.boolean()), {
            minLength: 1,
            maxLength: 10,
          }),
          async (steps) => {
            const dir = tempPlansDir('wb');
            const file = path.join(dir, uniqueName('doc'));
            copyFileSync(source, file);
            const plan = await track(file, dir);
            const codes = (text: string) => new Set(parsePlan(text).diagnostics.map((d) => d.code));
            const before = codes(readFileSync(file, 'utf8'));
            let today = TODAY;
            for (const [k, status, nextDay] of steps) {
              if (nextDay) today = addDays(today, 1);
              const old = readFileSync(file, 'utf8');
              const r = await setStatus(db, plan, keys[k], status, { source: 'ui', today, plansDir: dir });
              const text = readFileSync(file, 'utf8');
              expect(await dbStatuses(plan.id)).toEqual(fileStatuses(file));
              expect(await dbLines(plan.id)).toEqual(fileLines(file));
              // Everything the database keeps of the document is what a fresh import of the new file writes.
              expect(await documentRows(db, plan.id)).toEqual(await freshImportRows(db, text));
              expect(fileStatuses(file).get(keys[k])).toBe(status);
              // Bytes outside the edits are the old bytes: the new text is exactly the old one with the edits spliced in.
              let rebuilt = old;
              for (const e of [...r.edits].sort((x, y) => y.start - x.start))
                rebuilt = rebuilt.slice(0, e.start) + e.text + rebuilt.slice(e.end);
              expect(rebuilt === text).toBe(true);
              // …but for the one a `✅ COMPLETE` heading earns once one of its items is open again.
              const m = parsePlan(text);
              const falselyComplete = m.phases.filter(
                (p) => claimsDone(p.statusMarker) && m.counts.byPhase[p.key].remaining > 0,
              ).length;
              expect(m.diagnostics.filter((d) => d.code === 'phase-marker-mismatch')).toHaveLength(falselyComplete);
              // (Likewise "(All Phases Complete!)" on the Progress line, with items open.)
              for (const code of codes(text)) {
                if (code === 'fact-claim-mismatch') expect(m.counts.total.remaining).toBeGreaterThan(0);
                else if (code !== 'phase-marker-mismatch') expect(before.has(code), code).toBe(true);
              }
              // The log rows stored equal the log the file holds, in order (the engine writes only their difference).
              const stored = await db
                .select({
                  week: progressLogRows.week,
                  date: progressLogRows.date,
                  itemsRaw: progressLogRows.itemsRaw,
                  ids: progressLogRows.ids,
                  notes: progressLogRows.notes,
                })
                .from(progressLogRows)
                .where(eq(progressLogRows.planId, plan.id))
                .orderBy(asc(progressLogRows.position));
              const inFile = (parsePlan(text).log?.weeks ?? []).flatMap((w) =>
                w.rows.map((row) => ({
                  week: w.title,
                  date: row.date,
                  itemsRaw: row.itemsRaw,
                  ids: row.ids,
                  notes: row.notes,
                })),
              );
              expect(stored).toEqual(inFile);
            }
          },
        ),
        { numRuns: 2 },
      );
    });
  },
);
