// Structural changes through the write-back engine on real files and the shared test database: the file
// re-parsed equals the database after every change; removed items stay as removed with their history; moved
// items keep ID, status and history; retired IDs are never handed out again; refusals write nothing; an
// editor's save in between is imported first, never overwritten; many status changes are one write.
import { chmodSync, lstatSync, mkdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { and, asc, eq, isNull } from 'drizzle-orm';
import { testDb, tempPlansDir, copySeed } from '../../helpers/database';
import type { Db } from '../../../db/client';
import { itemEvents, items } from '../../../db/schema';
import { syncPlan } from '../../../sync/import';
import {
  applyStructure,
  applyStructureToFile,
  setStatuses,
  UnknownPlanError,
  VersionConflictError,
} from '../../../sync/engine';
import { parsePlan, StructureError } from '../../../parser/index';

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

const TODAY = '2026-12-01';
const opts = (dir: string) => ({ source: 'cli' as const, actor: 'ann', today: TODAY, plansDir: dir });

async function track(file: string, dir: string) {
  const r = await syncPlan(db, file, { plansDir: dir });
  expect(r.error).toBeNull();
  return { id: r.planId! };
}

/** The live rows as the file would give them. */
async function liveRows(planId: number) {
  const rows = await db
    .select()
    .from(items)
    .where(and(eq(items.planId, planId), isNull(items.removedAt)))
    .orderBy(asc(items.position));
  return rows.map((r) => ({
    key: r.key,
    title: r.title,
    description: r.description,
    status: r.status,
    section: r.sectionKey,
  }));
}

function fileRows(file: string) {
  return parsePlan(readFileSync(file, 'utf8')).items.map((i) => ({
    key: i.key,
    title: i.title,
    description: i.description,
    status: i.status,
    section: i.sectionKey,
  }));
}

async function row(planId: number, key: string) {
  const [r] = await db
    .select()
    .from(items)
    .where(and(eq(items.planId, planId), eq(items.key, key)));
  return r;
}

async function events(itemId: number) {
  return db.select().from(itemEvents).where(eq(itemEvents.itemId, itemId)).orderBy(asc(itemEvents.id));
}

describe('applyStructure', () => {
  it('adds, edits, moves and removes with the database following the file', async () => {
    const dir = tempPlansDir();
    const file = copySeed(dir);
    const plan = await track(file, dir);
    const moved = await row(plan.id, 'CACHE-002');
    const history = await events(moved.id);
    expect(history.length).toBeGreaterThan(0);

    const added = await applyStructure(
      db,
      { id: plan.id },
      [{ kind: 'add-item', section: '1.1', title: 'Hot Partition', description: 'skewed keys' }],
      opts(dir),
    );
    expect(added.outcomes[0]).toMatchObject({ key: 'CACHE-009', id: 'CACHE-009', line: 36 });
    expect(readFileSync(file, 'utf8')).toContain('- [ ] **CACHE-009**: Hot Partition - skewed keys\n');
    expect(await liveRows(plan.id)).toEqual(fileRows(file));
    const fresh = await row(plan.id, 'CACHE-009');
    expect((await events(fresh.id)).map((e) => [e.fromStatus, e.toStatus, e.source, e.actor])).toEqual([
      [null, 'todo', 'cli', 'ann'],
    ]);

    await applyStructure(
      db,
      { id: plan.id },
      [{ kind: 'edit-item', key: 'CACHE-009', title: 'Hot Partitions' }],
      opts(dir),
    );
    await applyStructure(db, { id: plan.id }, [{ kind: 'move-item', key: 'CACHE-002', section: '2.1' }], opts(dir));
    expect(await liveRows(plan.id)).toEqual(fileRows(file));
    const after = await row(plan.id, 'CACHE-002');
    expect(after).toMatchObject({ id: moved.id, status: 'done', sectionKey: '2.1', phaseKey: 'phase-2' });
    // Its history is the same rows as before the move: no "removed", no second "appeared".
    expect((await events(moved.id)).map((e) => e.id)).toEqual(history.map((e) => e.id));

    await applyStructure(db, { id: plan.id }, [{ kind: 'remove-item', key: 'CACHE-009' }], opts(dir));
    expect(readFileSync(file, 'utf8')).not.toMatch(/\[.\] \*\*CACHE-009/);
    expect(await liveRows(plan.id)).toEqual(fileRows(file));
    const removed = await row(plan.id, 'CACHE-009');
    expect(removed.removedAt).not.toBeNull();
    expect((await events(removed.id)).map((e) => e.toStatus)).toEqual(['todo', 'removed']);

    // The removed ID is retired: the next new item in that section skips it.
    const again = await applyStructure(
      db,
      { id: plan.id },
      [{ kind: 'add-item', section: '1.1', title: 'Next' }],
      opts(dir),
    );
    expect(again.outcomes[0].id).toBe('CACHE-010');
    await expect(
      applyStructure(
        db,
        { id: plan.id },
        [{ kind: 'add-item', section: '1.1', title: 'X', id: 'CACHE-009' }],
        opts(dir),
      ),
    ).rejects.toThrow(/CACHE-009 is taken/);
  });

  it('refuses bad input and stale versions without touching the file', async () => {
    const dir = tempPlansDir();
    const file = copySeed(dir);
    const plan = await track(file, dir);
    const before = readFileSync(file);
    await expect(
      applyStructure(db, { id: plan.id }, [{ kind: 'add-item', section: 'Nowhere', title: 'X' }], opts(dir)),
    ).rejects.toBeInstanceOf(StructureError);
    await expect(
      applyStructure(db, { id: plan.id }, [{ kind: 'move-item', key: 'CACHE-001', section: '1.2' }], {
        ...opts(dir),
        expectedVersion: 99,
      }),
    ).rejects.toBeInstanceOf(VersionConflictError);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('writes through a symlink inside the plans folder and refuses a read-only plan, as a tick does', async () => {
    const dir = tempPlansDir();
    const seed = copySeed(dir);
    mkdirSync(path.join(dir, 'real'));
    const real = path.join(dir, 'real', 'plan.md');
    renameSync(seed, real);
    const link = path.join(dir, 'linked.md');
    symlinkSync(real, link);
    const plan = await track(link, dir);
    await applyStructure(
      db,
      { id: plan.id },
      [{ kind: 'add-item', section: '1.1', title: 'Through the link' }],
      opts(dir),
    );
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toContain('Through the link');

    const before = readFileSync(real);
    chmodSync(real, 0o444);
    await expect(
      applyStructure(db, { id: plan.id }, [{ kind: 'add-item', section: '1.1', title: 'Refused' }], opts(dir)),
    ).rejects.toThrow(/read-only/);
    expect(readFileSync(real).equals(before)).toBe(true);
    chmodSync(real, 0o644);
  });

  it('imports an editor save first and applies the change to that text', async () => {
    const dir = tempPlansDir();
    const file = copySeed(dir);
    const plan = await track(file, dir);
    const edited = readFileSync(file, 'utf8').replace('- [x] **CACHE-003**:', '- [ ] **CACHE-003**:');
    writeFileSync(file, edited);
    await applyStructure(db, { id: plan.id }, [{ kind: 'remove-item', key: 'CACHE-004' }], opts(dir));
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('- [ ] **CACHE-003**:');
    expect(text).not.toMatch(/\[.\] \*\*CACHE-004\*\*/);
    expect(await liveRows(plan.id)).toEqual(fileRows(file));
    const reopened = await row(plan.id, 'CACHE-003');
    expect((await events(reopened.id)).at(-1)).toMatchObject({ toStatus: 'todo', source: 'markdown' });
  });

  it('sets many statuses as one write with one event each', async () => {
    const dir = tempPlansDir();
    const file = copySeed(dir);
    const plan = await track(file, dir);
    const r = await setStatuses(db, { id: plan.id }, ['CACHE-001', 'CACHE-002', 'LINUX-001'], 'todo', opts(dir));
    expect(r.edits).toHaveLength(1);
    expect(await liveRows(plan.id)).toEqual(fileRows(file));
    for (const key of ['CACHE-001', 'CACHE-002', 'LINUX-001']) {
      const x = await row(plan.id, key);
      expect(x.status).toBe('todo');
      expect((await events(x.id)).at(-1)).toMatchObject({ fromStatus: 'done', toStatus: 'todo', source: 'cli' });
    }
    expect(readFileSync(file, 'utf8')).toContain('| **TOTAL** | **128** | **125** | **0** | **3** |');
  });

  it('keeps the row and history of an item without an ID when its title changes', async () => {
    const dir = tempPlansDir();
    const file = `${dir}/plain-${process.pid}.md`;
    writeFileSync(file, '# P\n\n## Backend\n\n### Auth\n- [x] Login\n- [ ] Logout\n');
    const plan = await track(file, dir);
    const old = await row(plan.id, 'auth/logout');
    const r = await applyStructure(
      db,
      { id: plan.id },
      [{ kind: 'edit-item', key: 'auth/logout', title: 'Sign out' }],
      opts(dir),
    );
    expect(r.outcomes[0]).toMatchObject({ key: 'auth/sign-out', previousKey: 'auth/logout' });
    const now = await row(plan.id, 'auth/sign-out');
    expect(now.id).toBe(old.id);
    expect(now.removedAt).toBeNull();
    expect(await liveRows(plan.id)).toEqual(fileRows(file));
  });

  it('takes a plan by its file: a new section and items in it as one write', async () => {
    const dir = tempPlansDir();
    const file = copySeed(dir);
    const plan = await track(file, dir);
    const r = await applyStructureToFile(
      db,
      file,
      [
        { kind: 'add-section', phase: '1', title: 'Observability' },
        { kind: 'add-item', section: 'Observability', title: 'Tracing', id: 'OBS-001' },
        { kind: 'add-item', section: 'Observability', title: 'Metrics' },
      ],
      opts(dir),
    );
    expect(r.outcomes.map((o) => o.key)).toEqual(['1.11', 'OBS-001', 'OBS-002']);
    expect(readFileSync(file, 'utf8')).toContain(
      '### 1.11 Observability\n\n- [ ] **OBS-001**: Tracing\n- [ ] **OBS-002**: Metrics\n',
    );
    expect(await liveRows(plan.id)).toEqual(fileRows(file));
    await expect(applyStructureToFile(db, `${dir}/missing.md`, [], opts(dir))).rejects.toBeInstanceOf(UnknownPlanError);
  });
});
