// A re-sync after an edit diffs against the rows this process last wrote (sync/item-rows-memo.ts): it writes
// only the changed items, and the rows stay exactly what a parse of the file says, also when another writer
// (a tick through the engine) changed them in between.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generatePlan } from '../../bench/generate-plan';
import { asc, eq } from 'drizzle-orm';
import { testDb, tempPlansDir, copySeed } from '../../helpers/database';
import type { Db } from '../../../db/client';
import { items, phases, plans, progressLogRows, sections } from '../../../db/schema';
import { statedNumbers, storedDiagnostics } from '../../../sync/rows';
import { syncPlan } from '../../../sync/import';
import { setStatus } from '../../../sync/engine';
import { parsePlan, type Status } from '../../../parser/index';

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

/** The plan's rows beside what a fresh parse of the file says they should be. */
async function expectRowsMatchFile(planId: number, file: string) {
  const model = parsePlan(readFileSync(file, 'utf8'), { reuse: false });
  const rows = await db
    .select({ key: items.key, status: items.status, title: items.title, line: items.line, removedAt: items.removedAt })
    .from(items)
    .where(eq(items.planId, planId))
    .orderBy(asc(items.position));
  const active = rows.filter((r) => r.removedAt === null);
  expect(active.map((r) => [r.key, r.status, r.title, r.line])).toEqual(
    model.items.map((i) => [i.key, i.status, i.title, i.line]),
  );
  const phaseRows = await db.select().from(phases).where(eq(phases.planId, planId)).orderBy(asc(phases.position));
  expect(phaseRows.filter((p) => !p.removedAt).map((p) => p.name)).toEqual(model.phases.map((p) => p.name));
  const sectionRows = await db.select().from(sections).where(eq(sections.planId, planId));
  expect(sectionRows.filter((s) => !s.removedAt).length).toBe(model.sections.length);
  const logRows = await db.select().from(progressLogRows).where(eq(progressLogRows.planId, planId));
  expect(logRows.length).toBe((model.log?.weeks ?? []).reduce((n, w) => n + w.rows.length, 0));
}

describe('re-sync after one-line edits', () => {
  it('writes only the changed item and keeps every row equal to the file', async () => {
    const dir = tempPlansDir();
    const file = copySeed(dir);
    const first = await syncPlan(db, file, { plansDir: dir });
    const planId = first.planId!;
    let text = readFileSync(file, 'utf8');
    const edit = async (from: string | RegExp, to: string) => {
      const next = text.replace(from, to);
      expect(next).not.toBe(text);
      writeFileSync(file, (text = next));
      return syncPlan(db, file, { plansDir: dir });
    };

    // A flipped checkbox: one item updated, one event, nothing moved.
    const flip = await edit('- [x] **', '- [ ] **');
    expect(flip.outcome).toBe('updated');
    expect(flip.changes).toMatchObject({ inserted: 0, updated: 1, moved: 0, removed: 0, events: 1 });
    await expectRowsMatchFile(planId, file);

    // A title edited on the next line down: again only that item.
    const retitle = await edit(/(- \[[ x]\] \*\*[A-Z]+-\d+\*\*: )/, '$1Renamed ');
    expect(retitle.changes).toMatchObject({ inserted: 0, updated: 1, moved: 0, removed: 0 });
    await expectRowsMatchFile(planId, file);

    // A tick through the engine changes rows and the recorded hash: the next edit still diffs correctly.
    const model = parsePlan(text);
    const target = model.items.filter((i) => i.id && i.status === 'done')[5];
    await setStatus(db, { id: planId }, target.key, 'todo', { source: 'cli', plansDir: dir });
    text = readFileSync(file, 'utf8');
    const after = await edit('- [ ] **', '- [x] **');
    expect(after.changes).toMatchObject({ inserted: 0, updated: 1, removed: 0 });
    await expectRowsMatchFile(planId, file);

    // A removed line: one item marked removed, the items below it moved.
    const line = /\n- \[x\] \*\*[A-Z]+-\d+\*\*[^\n]*/.exec(text.slice(2000))![0];
    const removed = await edit(line, '');
    expect(removed.changes).toMatchObject({ inserted: 0, updated: 0, removed: 1 });
    await expectRowsMatchFile(planId, file);

    // Put back: restored, not inserted again.
    const back = text.indexOf('\n', text.indexOf('- [x] **', 2000));
    text = text.slice(0, back) + line + text.slice(back);
    writeFileSync(file, text);
    const restored = await syncPlan(db, file, { plansDir: dir });
    expect(restored.changes).toMatchObject({ inserted: 0, restored: 1 });
    await expectRowsMatchFile(planId, file);
  });
});

describe('re-sync after checkbox flips', () => {
  it('updates the last model instead of parsing, and writes only the flipped items', async () => {
    const dir = tempPlansDir();
    const file = copySeed(dir);
    const planId = (await syncPlan(db, file, { plansDir: dir })).planId!;
    let text = readFileSync(file, 'utf8');
    // A parser that fails: only an update of the last model can import the flips.
    const notParsed = () => {
      throw new Error('parsed');
    };
    /** Sets the checkbox of the first `count` list items with status `from` to `mark`, and re-syncs. */
    const flip = async (count: number, from: Status, mark: string) => {
      const picked = parsePlan(text)
        .items.filter((i) => !i.cell && i.status === from)
        .slice(0, count);
      expect(picked.length).toBe(count);
      for (const i of picked) text = text.slice(0, i.statusSpan.start) + mark + text.slice(i.statusSpan.end);
      writeFileSync(file, text);
      return syncPlan(db, file, { plansDir: dir, parse: notParsed });
    };

    const one = await flip(1, 'done', ' ');
    expect(one.outcome).toBe('updated');
    expect(one.changes).toMatchObject({ inserted: 0, updated: 1, moved: 0, removed: 0, events: 1 });
    await expectRowsMatchFile(planId, file);

    // Three at once, to in progress, then back to done, each from the model the last one left.
    const three = await flip(3, 'done', '/');
    expect(three.changes).toMatchObject({ inserted: 0, updated: 3, moved: 0, removed: 0, events: 3 });
    await expectRowsMatchFile(planId, file);
    const back = await flip(2, 'in-progress', 'x');
    expect(back.changes).toMatchObject({ updated: 2, events: 2 });
    await expectRowsMatchFile(planId, file);

    // After a tick the remembered rows and model are another text's: the flip is parsed as usual.
    const target = parsePlan(text).items.find((i) => i.id && i.status === 'done')!;
    await setStatus(db, { id: planId }, target.key, 'todo', { source: 'cli', plansDir: dir });
    text = readFileSync(file, 'utf8');
    expect((await flip(1, 'todo', 'x')).outcome).toBe('error');
    writeFileSync(file, text);
    const parsed = await syncPlan(db, file, { plansDir: dir });
    expect(parsed.changes).toMatchObject({ updated: 1, events: 1 });
    await expectRowsMatchFile(planId, file);
  });
});

describe('re-sync of flips found on the bytes', () => {
  it('never decodes the file, keeps rows and plan head equal to a fresh parse, and decodes what is no flip', async () => {
    // Decision 057: the flips are read from the file's bytes against the last import's, mapped to text offsets
    // past 2- to 4-byte characters (a rocket before every item), and the text is never decoded for them.
    const dir = tempPlansDir();
    const file = path.join(dir, 'rocket.md');
    // A generated plan (the seed has mojibake, which is checked over the whole text: its flips are decoded).
    const rocket = '\uFEFF' + generatePlan({ items: 200, seed: 3 }).replace(/\n/g, ' 🚀é\r\n').replace(/^# /, '# 🚀 ');
    writeFileSync(file, rocket);
    const planId = (await syncPlan(db, file, { plansDir: dir })).planId!;
    let text = rocket;
    const size = Buffer.byteLength(text);
    const decodes = vi.spyOn(Buffer.prototype, 'toString');
    const decodedFile = () => decodes.mock.contexts.filter((b) => (b as Buffer).length === size).length;
    const expectHeadMatchesFile = async () => {
      const model = parsePlan(readFileSync(file, 'utf8'), { reuse: false });
      const [head] = await db.select().from(plans).where(eq(plans.id, planId));
      expect(head.diagnostics).toEqual(storedDiagnostics(model));
      expect(head.stated).toEqual(statedNumbers(model));
    };
    const notParsed = () => {
      throw new Error('parsed');
    };
    const write = async (next: string, parse?: () => never) => {
      writeFileSync(file, (text = next));
      const result = await syncPlan(db, file, { plansDir: dir, ...(parse ? { parse } : {}) });
      await expectRowsMatchFile(planId, file);
      await expectHeadMatchesFile();
      return result;
    };
    const boxes = parsePlan(text)
      .items.filter((i) => !i.cell)
      .map((i) => i.statusSpan.start);
    const set = (t: string, at: number, mark: string) => t.slice(0, at) + mark + t.slice(at + 1);
    try {
      const first = await write(set(text, boxes[5], text[boxes[5]] === ' ' ? 'x' : ' '), notParsed);
      expect(first.changes).toMatchObject({ updated: 1, events: 1 });
      // Back again (the patched character is the base one again), then two others at once, the last item too.
      await write(set(text, boxes[5], rocket[boxes[5]]), notParsed);
      const last = boxes[boxes.length - 1];
      const two = await write(set(set(text, boxes[40], '/'), last, text[last] === ' ' ? 'x' : ' '), notParsed);
      expect(two.changes).toMatchObject({ updated: 2, events: 2 });
      expect(decodedFile()).toBe(0);
      // A title letter: no flip, so the file is decoded and parsed.
      const title = text.indexOf('**: ', boxes[60]) + 4;
      const renamed = await write(set(text, title, text[title] === 'Q' ? 'R' : 'Q'));
      expect(renamed.changes).toMatchObject({ updated: 1, events: 0 });
      expect(decodedFile()).toBeGreaterThan(0);
      // And flips after it are found on the bytes of that import.
      const decoded = decodedFile();
      await write(set(text, boxes[7], text[boxes[7]] === ' ' ? 'x' : ' '), notParsed);
      expect(decodedFile()).toBe(decoded);
    } finally {
      decodes.mockRestore();
    }
  });
});
