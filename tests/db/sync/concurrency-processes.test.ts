// Two server processes on one PostgreSQL database writing the same plan at once: the advisory lock keeps
// their write-backs from interleaving, so no change is lost or doubled. (PGlite is one process by design:
// this runs against the server only.)
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { and, eq, isNull, count } from 'drizzle-orm';
import { testDb, tempPlansDir, copySeed } from '../../helpers/database';
import { itemEvents, items } from '../../../db/schema';
import { syncPlan } from '../../../sync/import';
import { parsePlan } from '../../../parser/index';

const WRITER = fileURLToPath(new URL('../../helpers/concurrency-writer.ts', import.meta.url));

type WriterChange = { key: string; status: string; version: number; moved: boolean; restored: boolean };

function runWriter(args: string[]): Promise<WriterChange[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: process.env,
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.on('close', (code) =>
      code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`writer exited ${code}`)),
    );
  });
}

it.skipIf(!process.env.DATABASE_URL)(
  'two processes × 10 writers × 20 changes on one plan lose nothing',
  async () => {
    const db = await testDb();
    const dir = tempPlansDir('processes');
    const file = copySeed(dir);
    const { planId } = await syncPlan(db, file, { plansDir: dir });
    const keys = parsePlan(readFileSync(file, 'utf8'))
      .items.slice(0, 12)
      .map((i) => i.key);
    const args = [file, String(planId), keys.join(','), '20', '10'];
    const [a, b] = await Promise.all([runWriter(args), runWriter(args)]);
    const all = [...a, ...b];

    const inFile = new Map(parsePlan(readFileSync(file, 'utf8')).items.map((i) => [i.key, i.status]));
    const rows = await db
      .select({ key: items.key, status: items.status, version: items.version })
      .from(items)
      .where(and(eq(items.planId, planId!), isNull(items.removedAt)));
    expect(new Map(rows.map((r) => [r.key, r.status]))).toEqual(inFile);
    // Versions are handed out one at a time per item across both processes: no two changes got the same one.
    const moved = all.filter((c) => c.moved);
    for (const key of keys) {
      const versions = moved.filter((c) => c.key === key).map((c) => c.version);
      expect(new Set(versions).size, key).toBe(versions.length);
      const last = moved.filter((c) => c.key === key).sort((x, y) => y.version - x.version)[0];
      if (last) expect(inFile.get(key), key).toBe(last.status);
    }
    const [{ n }] = await db
      .select({ n: count() })
      .from(itemEvents)
      .where(and(eq(itemEvents.planId, planId!), eq(itemEvents.source, 'ui')));
    // A same-day re-tick by the process that unticked it undoes the untick: its event goes, and none is added.
    const restored = moved.filter((c) => c.restored).length;
    expect(n).toBe(moved.length - 2 * restored);
  },
  300_000,
);
