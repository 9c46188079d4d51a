// Random editor edits on disk, each followed by a re-sync: whatever fast path the re-sync takes (a checkbox flip
// read from the bytes, a re-parse of the changed pieces, a whole import), the database ends up holding what a fresh
// import of the same text stores. Run on the seed, every fixture and every corpus file.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import type { Db } from '../../../db/client';
import { parsePlan } from '../../../parser/index';
import { syncPlan } from '../../../sync/import';
import { testDb, tempPlansDir, uniqueName, repoRoot } from '../../helpers/database';
import { documentRows, freshImportRows, planDocuments } from '../../helpers/document-rows';
import { pick } from '../../helpers/edit-arbitraries';

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

/** One edit an editor could make, as a function of the text (the numbers pick an item or a line). */
type EditorEdit = (text: string) => string;

const splice = (text: string, start: number, end: number, insert: string) =>
  text.slice(0, start) + insert + text.slice(end);

const edits: fc.Arbitrary<EditorEdit>[] = [
  // Tick or untick a checkbox (list items and table checkbox cells).
  fc.tuple(fc.nat(), fc.constantFrom(' ', 'x', 'X', '~', '/', '-')).map(([n, mark]) => (text: string) => {
    const item = pick(
      parsePlan(text).items.filter((i) => !i.cell || i.cell.kind === 'checkbox'),
      n,
    );
    return item ? splice(text, item.statusSpan.start, item.statusSpan.end, mark) : text;
  }),
  // Retitle an item.
  fc.nat().map((n) => (text: string) => {
    const item = pick(parsePlan(text).items, n);
    return item ? splice(text, item.textSpan.end, item.textSpan.end, ' (edited)') : text;
  }),
  // Delete an item's first line.
  fc.nat().map((n) => (text: string) => {
    const item = pick(parsePlan(text).items, n);
    if (!item) return text;
    const end = text.indexOf('\n', item.lineSpan.end);
    return splice(text, item.lineSpan.start, end === -1 ? text.length : end + 1, '');
  }),
  // Copy an item's line below it as a new open item (its ID, if any, made new).
  fc.nat().map((n) => (text: string) => {
    const item = pick(parsePlan(text).items, n);
    if (!item || item.cell) return text;
    let line = text.slice(item.lineSpan.start, item.lineSpan.end);
    line = splice(line, item.statusSpan.start - item.lineSpan.start, item.statusSpan.end - item.lineSpan.start, ' ');
    if (item.id) line = line.replace(item.id, `NEW-${n % 1000}`);
    return splice(text, item.lineSpan.end, item.lineSpan.end, `\n${line}`);
  }),
  // A blank line or a line of prose somewhere.
  fc.tuple(fc.nat(), fc.constantFrom('', 'A note.')).map(([n, prose]) => (text: string) => {
    const starts = [0, ...[...text.matchAll(/\n/g)].map((m) => m.index! + 1)];
    const at = pick(starts, n)!;
    return splice(text, at, at, `${prose}\n`);
  }),
];

describe.each(planDocuments().map((f) => [path.relative(repoRoot, f), f]))(
  're-sync after editor edits on %s',
  (_n, source) => {
    it('stores what a fresh import of the text stores', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.oneof(...edits), { minLength: 1, maxLength: 6 }), async (steps) => {
          const dir = tempPlansDir('resync');
          const file = path.join(dir, uniqueName('doc'));
          copyFileSync(source, file);
          const first = await syncPlan(db, file, { plansDir: dir });
          expect(first.error).toBeNull();
          for (const edit of steps) {
            const text = edit(readFileSync(file, 'utf8'));
            writeFileSync(file, text);
            const r = await syncPlan(db, file, { plansDir: dir });
            expect(r.error).toBeNull();
            expect(await documentRows(db, first.planId!)).toEqual(await freshImportRows(db, text));
          }
        }),
        { numRuns: 3 },
      );
    });
  },
);
