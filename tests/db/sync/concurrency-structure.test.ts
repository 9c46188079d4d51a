// Structural changes from several writers (in this process, and — on a PostgreSQL server — a second process)
// while a person flips statuses in an editor: every added item is in the file and the database once, the
// editor's last saves hold, and the file parses to exactly what the database holds.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { and, eq, isNull } from 'drizzle-orm';
import { testDb, tempPlansDir, copySeed } from '../../helpers/database';
import { items } from '../../../db/schema';
import { syncPlan } from '../../../sync/import';
import { applyStructure } from '../../../sync/engine';
import { parsePlan } from '../../../parser/index';

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

it('adds from many writers and an editor at once lose nothing', async () => {
  const db = await testDb();
  const dir = tempPlansDir('structure-race');
  const file = copySeed(dir);
  const { planId } = await syncPlan(db, file, { plansDir: dir });
  const sections = ['1.1', '1.3', '2.1', '3.1'];
  const editorKeys = ['LINUX-001', 'LINUX-002', 'NET-004'];

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
  // PGlite is one process by design: the second process runs against a PostgreSQL server only.
  const there = process.env.DATABASE_URL
    ? child<string[]>(WRITER, [file, String(planId), sections.join(','), '4', 'there'])
    : Promise.resolve([]);
  const editor = child<Record<string, string>>(EDITOR, [file, editorKeys.join(','), '8']);
  const [a, b, last] = await Promise.all([here, there, editor]);
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
