// A plan kept as tables through the engine: imported rows are items, a tick writes exactly the status cell
// (and the document's own bookkeeping), and the file re-parsed equals the database.
import { copyFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { and, asc, eq, isNull } from 'drizzle-orm';
import { testDb, tempPlansDir, uniqueName, repoRoot } from '../../helpers/database';
import type { Db } from '../../../db/client';
import { items } from '../../../db/schema';
import { syncPlan } from '../../../sync/import';
import { applyStructure, setStatus, undoLast } from '../../../sync/engine';
import { parsePlan } from '../../../parser/index';

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

const TODAY = '2026-11-26';

function copyFixture(dir: string, name: string): string {
  const file = path.join(dir, uniqueName(name));
  copyFileSync(path.join(repoRoot, `tests/fixtures/${name}/input.md`), file);
  return file;
}

async function dbItems(planId: number) {
  return db
    .select({ key: items.key, status: items.status, title: items.title })
    .from(items)
    .where(and(eq(items.planId, planId), isNull(items.removedAt)))
    .orderBy(asc(items.position));
}

const fileItems = (file: string) =>
  parsePlan(readFileSync(file, 'utf8')).items.map((i) => ({ key: i.key, status: i.status, title: i.title }));

describe('task tables through the engine', () => {
  it('imports a status-column plan, ticks a row in its own words, and file = database', async () => {
    const dir = tempPlansDir();
    const file = copyFixture(dir, 'table-status-legend');
    const before = readFileSync(file, 'utf8');
    const r = await syncPlan(db, file, { plansDir: dir });
    expect(r.error).toBeNull();
    expect(await dbItems(r.planId!)).toEqual(fileItems(file));
    expect((await dbItems(r.planId!)).map((i) => i.key)).toEqual([
      'SEC-001',
      'SEC-002',
      'SEC-003',
      'SEC-004',
      'SEC-005',
      'SEC-006',
    ]);

    const done = await setStatus(db, { id: r.planId! }, 'SEC-003', 'done', {
      source: 'cli',
      today: TODAY,
      plansDir: dir,
    });
    expect(done.item.status).toBe('done');
    const after = readFileSync(file, 'utf8');
    const changed = before.split('\n').flatMap((l, i) => (l === after.split('\n')[i] ? [] : [after.split('\n')[i]]));
    // The status cell, in the legend's words and the column's width; and the document's Last Updated.
    expect(changed).toEqual([
      '**Last Updated**: 2026-11-26',
      '| SEC-003 | Add a secrets scanner to CI | ci.yml   | ✅ DONE        | gitleaks         |',
    ]);
    expect(await dbItems(r.planId!)).toEqual(fileItems(file));

    await setStatus(db, { id: r.planId! }, 'SEC-003', 'todo', { source: 'cli', today: TODAY, plansDir: dir });
    expect(readFileSync(file, 'utf8')).toBe(before.replace('2026-11-20', '2026-11-26'));
    expect(await dbItems(r.planId!)).toEqual(fileItems(file));
  });

  it('ticks a checkbox row of a mixed list-and-table plan, counting both', async () => {
    const dir = tempPlansDir();
    const file = copyFixture(dir, 'table-phases');
    const r = await syncPlan(db, file, { plansDir: dir });
    await setStatus(db, { id: r.planId! }, 'B1', 'done', { source: 'ui', today: TODAY, plansDir: dir });
    expect(readFileSync(file, 'utf8')).toContain('| B1 | [x] | Revenue chart | app/chart.tsx | Renders per month |\n');
    expect(await dbItems(r.planId!)).toEqual(fileItems(file));

    const mixedFile = copyFixture(dir, 'table-mixed');
    const m = await syncPlan(db, mixedFile, { plansDir: dir });
    expect((await dbItems(m.planId!)).map((i) => i.key)).toEqual([
      'API-001',
      'API-002',
      'UI-001',
      'UI-002',
      'UI-003',
      'UI-004',
    ]);
    await setStatus(db, { id: m.planId! }, 'UI-003', 'in-progress', { source: 'ui', today: TODAY, plansDir: dir });
    expect(readFileSync(mixedFile, 'utf8')).toContain('| UI-003 | Empty states | 🔄 In progress |\n');
    expect(await dbItems(m.planId!)).toEqual(fileItems(mixedFile));
  });

  it('adds a row in the table’s style, ticks it and undoes both, byte for byte, the rows following the file', async () => {
    const dir = tempPlansDir();
    const file = copyFixture(dir, 'table-status-legend');
    const v0 = readFileSync(file, 'utf8');
    const r = await syncPlan(db, file, { plansDir: dir });
    const opts = { source: 'ui' as const, today: TODAY, plansDir: dir };
    const added = await applyStructure(
      db,
      { id: r.planId! },
      [{ kind: 'add-item', section: 'phase-1', title: 'Pin `pip | uv` versions' }],
      opts,
    );
    expect(added.outcomes[0].id).toBe('SEC-007');
    const v1 = readFileSync(file, 'utf8');
    expect(v1).toContain(
      '| SEC-004 | Hardware security module    | infra.tf | ⏸️ DEFERRED    | Next budget year |\n' +
        '| SEC-007 | Pin `pip \\| uv` versions    |          | ⬜ TODO        |                  |\n',
    );
    expect(await dbItems(r.planId!)).toEqual(fileItems(file));

    await setStatus(db, { id: r.planId! }, 'SEC-007', 'done', opts);
    expect(readFileSync(file, 'utf8')).toContain(
      '| SEC-007 | Pin `pip \\| uv` versions    |          | ✅ DONE        |',
    );
    expect(await dbItems(r.planId!)).toEqual(fileItems(file));

    await undoLast(db, { id: r.planId! }, opts);
    expect(readFileSync(file, 'utf8')).toBe(v1);
    expect((await dbItems(r.planId!)).find((i) => i.key === 'SEC-007')?.status).toBe('todo');
    await undoLast(db, { id: r.planId! }, opts);
    expect(readFileSync(file, 'utf8')).toBe(v0);
    expect(await dbItems(r.planId!)).toEqual(fileItems(file));
    // Removed, never reused: the next row takes SEC-008.
    const again = await applyStructure(
      db,
      { id: r.planId! },
      [{ kind: 'add-item', section: 'phase-2', title: 'MFA' }],
      opts,
    );
    expect(again.outcomes[0].id).toBe('SEC-008');
    expect(readFileSync(file, 'utf8')).toContain(
      '| SEC-008 | MFA                           |          | ⬜ TODO    |                |\n',
    );
  });
});
