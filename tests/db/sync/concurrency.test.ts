// 20 writers × 50 random changes on one plan while a separate process edits the same file: nothing is lost.
// The final file equals the final database, every item holds the last change made to it (by a writer or by
// the editor), every change made through the engine is recorded exactly once, and the file parses without
// any diagnostic it did not already have.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { and, asc, eq, isNull, count } from 'drizzle-orm';
import { testDb, tempPlansDir, copySeed } from '../../helpers/database';
import type { Db } from '../../../db/client';
import { itemEvents, items } from '../../../db/schema';
import { syncPlan } from '../../../sync/import';
import { setStatus, type ChangeResult } from '../../../sync/engine';
import { parsePlan, type Status } from '../../../parser/index';

const EDITOR = fileURLToPath(new URL('../../helpers/concurrency-editor.ts', import.meta.url));
const WRITERS = 20;
const CHANGES = 50;
const EDITOR_KEYS = ['NET-001', 'NET-002', 'NET-003'];

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

it('20 writers × 50 changes and an editor in another process lose no update', async () => {
  const dir = tempPlansDir('concurrency');
  const file = copySeed(dir);
  const r = await syncPlan(db, file, { plansDir: dir });
  const planId = r.planId!;
  const original = parsePlan(readFileSync(file, 'utf8'));
  const codesBefore = new Set(original.diagnostics.map((d) => d.code));
  const writerKeys = original.items
    .map((i) => i.key)
    .filter((k) => !EDITOR_KEYS.includes(k))
    .slice(0, 40);
  const statuses: Status[] = ['todo', 'in-progress', 'done', 'cancelled'];

  const editor = spawn(process.execPath, ['--import', 'tsx', EDITOR, file, EDITOR_KEYS.join(','), '30'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let editorOut = '';
  editor.stdout.setEncoding('utf8').on('data', (c: string) => (editorOut += c));
  const editorDone = new Promise<number>((resolve) => editor.on('close', (code) => resolve(code ?? 1)));

  // Each result carries the item's version after the change: the highest version per key is the last change.
  const results: { key: string; status: Status; r: ChangeResult }[] = [];
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, w) => {
      for (let n = 0; n < CHANGES; n++) {
        const key = writerKeys[Math.floor(Math.random() * writerKeys.length)];
        const status = statuses[Math.floor(Math.random() * statuses.length)];
        const res = await setStatus(db, { id: planId }, key, status, {
          source: 'ui',
          actor: `writer-${w}`,
          plansDir: dir,
        });
        results.push({ key, status, r: res });
      }
    }),
  );
  expect(await editorDone).toBe(0);
  const editorLast = JSON.parse(editorOut.trim()) as Record<string, string>;
  // One last tick after the editor's last save: it imports that save and brings the counts up to date. It must
  // change something (the writers may have left its item at any status, and a tick that changes nothing writes
  // nothing): once the writers finished before the editor, a no-op here left the editor's stale Progress line.
  const lastKey = writerKeys[0];
  const settled = parsePlan(readFileSync(file, 'utf8')).items.find((i) => i.key === lastKey)!.status;
  const lastStatus: Status = settled === 'done' ? 'todo' : 'done';
  const lastTick = await setStatus(db, { id: planId }, lastKey, lastStatus, {
    source: 'ui',
    actor: 'last',
    plansDir: dir,
  });
  results.push({ key: lastKey, status: lastStatus, r: lastTick });
  expect(lastTick.edits.length).toBeGreaterThan(0);

  const text = readFileSync(file, 'utf8');
  const model = parsePlan(text);
  const inFile = new Map(model.items.map((i) => [i.key, i.status]));
  const rows = await db
    .select({ key: items.key, status: items.status })
    .from(items)
    .where(and(eq(items.planId, planId), isNull(items.removedAt)))
    .orderBy(asc(items.position));
  expect(new Map(rows.map((x) => [x.key, x.status]))).toEqual(inFile);
  // No write had to set a save aside (sync/atomic-write.ts keeps one only when two land inside one write).
  expect(readdirSync(dir).filter((n) => n.includes('.conflict-'))).toEqual([]);

  const lastByKey = new Map<string, { version: number; status: Status }>();
  for (const { key, status, r } of results) {
    const seen = lastByKey.get(key);
    if (!seen || r.version > seen.version) lastByKey.set(key, { version: r.version, status });
  }
  for (const [key, { status }] of lastByKey) expect(inFile.get(key), key).toBe(status);
  for (const [key, status] of Object.entries(editorLast)) expect(inFile.get(key), key).toBe(status);

  // Every change that moved a status through the engine is one 'ui' event; none lost, none doubled. A writer
  // re-ticking its own untick the same day undoes it instead: the untick's event goes, and no new one comes.
  const restored = results.filter((x) => x.r.restored).length;
  const moved = results.filter((x) => x.r.edits.length > 0).length - 2 * restored;
  const [{ n }] = await db
    .select({ n: count() })
    .from(itemEvents)
    .where(and(eq(itemEvents.planId, planId), eq(itemEvents.source, 'ui')));
  expect(n).toBe(moved);

  // No new diagnostic, except the one the editor earns: it unticks boxes without touching the progress log,
  // and a write-back only edits the log rows of the items it changes, never a person's own edits. (With items
  // open, "(All Phases Complete!)" on the Progress line is flagged as well: write-back keeps a person's words.)
  const uncheckedByEditor = EDITOR_KEYS.filter((k) => inFile.get(k) === 'todo').sort();
  expect(model.counts.total.remaining).toBeGreaterThan(0);
  const newDiagnostics = model.diagnostics.filter((d) => !codesBefore.has(d.code) && d.code !== 'fact-claim-mismatch');
  expect(newDiagnostics.filter((d) => d.code !== 'logged-not-done').map((d) => `${d.code}: ${d.message}`)).toEqual([]);
  expect(newDiagnostics.map((d) => /says (\S+) was completed/.exec(d.message)?.[1]).sort()).toEqual(uncheckedByEditor);
  // The stated numbers follow the items, the editor's edits included.
  const total = model.summary!.rows.at(-1)!;
  expect(total.stated).toMatchObject({ total: model.counts.total.total, completed: model.counts.total.done });
}, 600_000);
