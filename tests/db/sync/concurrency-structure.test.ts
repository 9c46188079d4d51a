// Structural changes from several writers (in this process, and — on a PostgreSQL server — a second process)
// while a person flips statuses in an editor: every added item is in the file and the database once, every
// rename and move holds, removed items are gone from the file and kept as removed, the editor's last saves
// hold, and the file parses to exactly what the database holds.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import { testDb, tempPlansDir, copySeed } from '../../helpers/database';
import { items } from '../../../db/schema';
import { syncPlan } from '../../../sync/import';
import { applyStructure } from '../../../sync/engine';
import { parsePlan } from '../../../parser/index';
import { shapeItems, type Shaped } from '../../helpers/shape-items';

const WRITER = fileURLToPath(new URL('../../helpers/concurrency-structure-writer.ts', import.meta.url));
const EDITOR = fileURLToPath(new URL('../../helpers/concurrency-editor.ts', import.meta.url));

function child<T>(script: string, args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: process.env,
    });
    let out = '';
    p.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    p.on('close', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').pop()!) as T)
        : reject(new Error(`${script} exited ${code}`)),
    );
  });
}

it('adds, renames, moves and removes from many writers and an editor at once lose nothing', async () => {
  const db = await testDb();
  const dir = tempPlansDir('structure-race');
  const file = copySeed(dir);
  const { planId } = await syncPlan(db, file, { plansDir: dir });
  const sections = ['1.1', '1.3', '2.1', '3.1'];
  const editorKeys = ['LINUX-001', 'LINUX-002', 'NET-004'];
  // Each process shapes items of its own: renamed, moved to another phase's section, the last one removed.
  const hereKeys = ['CACHE-001', 'K8S-002', 'SEC-003', 'DB-004'];
  const thereKeys = ['MICRO-001', 'CLOUD-002', 'CASE-003', 'APP-004'];

  const here = (async () => {
    const titles: string[] = [];
    await Promise.all(
      Array.from({ length: 3 }, async (_, w) => {
        for (let n = 0; n < 4; n++) {
          const title = `Added here writer ${w} number ${n}`;
          await applyStructure(
            db,
            { id: planId! },
            [{ kind: 'add-item', section: sections[(w + n) % sections.length], title }],
            { source: 'ui', actor: 'here', plansDir: dir },
          );
          titles.push(title);
        }
      }),
    );
    return titles;
  })();
  const shapedHere = shapeItems(db, planId!, dir, hereKeys, '3.1', 'here');
  // PGlite is one process by design: the second process runs against a PostgreSQL server only.
  const there = process.env.DATABASE_URL
    ? child<{ added: string[]; shaped: Shaped }>(WRITER, [
        file,
        String(planId),
        sections.join(','),
        '4',
        'there',
        thereKeys.join(','),
        '2.1',
      ])
    : Promise.resolve({ added: [], shaped: { kept: {}, removed: [] } });
  const editor = child<Record<string, string>>(EDITOR, [file, editorKeys.join(','), '8']);
  const [a, { added: b, shaped: shapedThere }, last, shaped] = await Promise.all([here, there, editor, shapedHere]);
  // The editor's last save may land after the last write-back: one more change imports it first.
  await applyStructure(db, { id: planId! }, [{ kind: 'add-item', section: '1.1', title: 'Final probe' }], {
    source: 'ui',
    plansDir: dir,
  });

  const model = parsePlan(readFileSync(file, 'utf8'));
  const titles = model.items.map((i) => i.title);
  for (const t of [...a, ...b, 'Final probe'])
    expect(
      titles.filter((x) => x === t),
      t,
    ).toHaveLength(1);
  for (const [key, status] of Object.entries(last))
    expect(model.items.find((i) => i.key === key)?.status, key).toBe(status);
  for (const { kept, removed } of [shaped, shapedThere]) {
    for (const [key, want] of Object.entries(kept)) {
      expect(
        model.items.find((i) => i.key === key),
        key,
      ).toMatchObject({ title: want.title, sectionKey: want.section });
    }
    for (const key of removed)
      expect(
        model.items.some((i) => i.key === key),
        key,
      ).toBe(false);
  }
  expect(shaped.removed).toEqual(['DB-004']);
  const removedRows = await db
    .select({ key: items.key })
    .from(items)
    .where(and(eq(items.planId, planId!), isNotNull(items.removedAt)));
  expect(removedRows.map((r) => r.key).sort()).toEqual([...shaped.removed, ...shapedThere.removed].sort());
  const ids = model.items.map((i) => i.id).filter(Boolean);
  expect(new Set(ids).size).toBe(ids.length);
  const rows = await db
    .select({ key: items.key, status: items.status, title: items.title })
    .from(items)
    .where(and(eq(items.planId, planId!), isNull(items.removedAt)));
  const byKey = (xs: { key: string; status: string; title: string }[]) =>
    xs.map((x) => `${x.key}|${x.status}|${x.title}`).sort();
  expect(byKey(rows)).toEqual(byKey(model.items));
}, 300_000);
