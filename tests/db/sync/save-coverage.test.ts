// Coverage link edits are changes like any other (decision 046): written through the write-back engine under
// the plan's lock, recorded in the change log under the lead who made them, undone by one Undo byte for byte,
// and refused — nothing written — when the links changed since they were read (on disk or by another edit).
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { and, desc, eq } from 'drizzle-orm';
import { testDb, tempPlansDir, repoRoot } from '../../helpers/database';
import type { Db } from '../../../db/client';
import { changes, coverageLinks, sources } from '../../../db/schema';
import { syncAll } from '../../../sync/import';
import { undoLast } from '../../../sync/engine';
import { CurriculumInputError, saveLinkEdits } from '../../../sync/curriculum';
import { saveCoverageLinks } from '../../../sync/save-coverage';
import { readCoverageTable, StructureError } from '../../../parser/index';

const CORPUS = path.join(repoRoot, 'tests/fixtures/corpus/dd-sdlc-ai');
const THUNDER = [
  { id: 'CACHE-001', file: 'part_1_gap_analysis.md', line: 30, topic: 'Thunder Herd Problem' },
  { id: 'CACHE-001', file: 'part_5_gap_analysis.md', line: 237, topic: 'Thunder Herd Problem' },
];

let db: Db;
let dir: string;
let file: string;
let planId: number;

beforeAll(async () => {
  db = await testDb();
  // Coverage reads every stored source: only this file's five, not other test files' copies of them.
  await db.delete(sources);
  dir = tempPlansDir('save-coverage');
  for (const n of [1, 2, 3, 4, 5]) {
    copyFileSync(path.join(CORPUS, `part_${n}_gap_analysis.md`), path.join(dir, `part_${n}_gap_analysis.md`));
  }
  file = path.join(dir, `coverage-plan-${process.pid}.md`);
  copyFileSync(path.join(CORPUS, 'implementation-plan.md'), file);
  const results = await syncAll(db, dir);
  planId = results.find((r) => r.planId !== null && r.planId !== undefined && !r.source)!.planId!;
});

const plan = () => ({ id: planId, file });
const opts = { actor: 'lena' };

it('confirms links as one recorded change, and one Undo gives back the exact bytes', async () => {
  const before = readFileSync(file, 'utf8');
  expect(await saveLinkEdits(db, dir, plan(), [{ kind: 'confirm', id: 'CACHE-001' }], opts)).toEqual({
    changed: true,
  });
  const after = readFileSync(file, 'utf8');
  expect(readCoverageTable(after)).toEqual(THUNDER);
  expect(after.startsWith(before)).toBe(true);

  const [last] = await db.select().from(changes).where(eq(changes.planId, planId)).orderBy(desc(changes.id)).limit(1);
  expect(last).toMatchObject({ actor: 'lena', source: 'ui', role: 'lead', summary: 'confirmed CACHE-001’s links' });
  // The stored links follow the file: CACHE-001's are now the plan's word.
  const stored = await db
    .select()
    .from(coverageLinks)
    .where(and(eq(coverageLinks.planId, planId), eq(coverageLinks.itemId, 'CACHE-001')));
  expect(stored.map((l) => l.found)).toEqual(['stored', 'stored']);

  expect((await undoLast(db, { id: planId }, { source: 'ui', actor: 'lena', plansDir: dir })).summary).toBe(
    'confirmed CACHE-001’s links',
  );
  expect(readFileSync(file, 'utf8')).toBe(before);
});

it('refuses links read before an editor changed the table, and leaves the editor’s text', async () => {
  const read = readCoverageTable(readFileSync(file, 'utf8'));
  // An editor adds a Source Coverage table after the links were read and before they are written.
  const edited = `${readFileSync(file, 'utf8')}\n## Source Coverage\n\n| Item | Source | Line | Topic |\n|---|---|---|---|\n| CACHE-002 | - | 0 | - |\n`;
  writeFileSync(file, edited);
  const error = await saveCoverageLinks(db, planId, read, THUNDER, 'confirmed CACHE-001’s links', {
    source: 'ui',
    actor: 'lena',
    plansDir: dir,
  }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(StructureError);
  expect((error as StructureError).code).toBe('links-changed');
  expect(readFileSync(file, 'utf8')).toBe(edited);
});

it('refuses a link form whose item’s links changed since the page showed them', async () => {
  const text = readFileSync(file, 'utf8');
  // The page showed CACHE-001 with one link; it has two now.
  const stale = { kind: 'confirm' as const, id: 'CACHE-001', seen: ['part_1_gap_analysis.md#30'] };
  await expect(saveLinkEdits(db, dir, plan(), [stale], opts)).rejects.toThrow(CurriculumInputError);
  await expect(saveLinkEdits(db, dir, plan(), [stale], opts)).rejects.toThrow(/changed since the page was shown/);
  expect(readFileSync(file, 'utf8')).toBe(text);
  // As shown now, it goes through.
  const fresh = { ...stale, seen: THUNDER.map((l) => `${l.file}#${l.line}`) };
  expect(await saveLinkEdits(db, dir, plan(), [fresh], opts)).toEqual({ changed: true });
});

it('never loses a concurrent link edit: each one either lands or is refused, none is overwritten', async () => {
  const edits = ['CACHE-003', 'CACHE-004', 'CACHE-005', 'CACHE-006'].map((id) =>
    saveLinkEdits(db, dir, plan(), [{ kind: 'confirm', id }], opts).then(
      () => ({ id, ok: true }),
      (e: unknown) => ({ id, ok: false, e }),
    ),
  );
  const outcomes = await Promise.all(edits);
  const refused = outcomes.filter((o) => !o.ok);
  for (const r of refused) expect((r as { e: StructureError }).e.code).toBe('links-changed');
  const table = readCoverageTable(readFileSync(file, 'utf8'));
  const landed = outcomes.filter((o) => o.ok).map((o) => o.id);
  expect(landed.length).toBeGreaterThan(0);
  for (const id of landed) expect(table.some((l) => l.id === id)).toBe(true);
  for (const r of refused) expect(table.some((l) => l.id === r.id)).toBe(false);
  expect(table.filter((l) => l.id === 'CACHE-002' || l.id === 'CACHE-001').length).toBe(3);
});

it('writes into a `### Source coverage` section without touching the prose and subsection around the table', async () => {
  // The plan's own text with a coverage section a user wrote: a lower heading, prose around the table, notes.
  const base = readFileSync(path.join(CORPUS, 'implementation-plan.md'), 'utf8');
  const table =
    '| Item | Source | Line | Topic |\n|---|---|---|---|\n| CACHE-001 | part_1_gap_analysis.md | 30 | Thunder Herd Problem |';
  const after = '\n\nA paragraph after the table, the user’s.\n\n#### Notes\n\n- reviewed with Lena\n';
  const edited = `${base}\n### Source coverage\n\nMy note before it.\n\n${table}${after}`;
  writeFileSync(file, edited);
  const tableStart = edited.indexOf('| Item |');
  expect(await saveLinkEdits(db, dir, plan(), [{ kind: 'confirm', id: 'CACHE-007' }], opts)).toEqual({
    changed: true,
  });
  const written = readFileSync(file, 'utf8');
  // One section still, and every byte outside the table is the user's.
  expect(written.match(/source coverage/gi)).toHaveLength(1);
  expect(written.slice(0, tableStart)).toBe(edited.slice(0, tableStart));
  expect(written.endsWith(`|${after}`)).toBe(true);
  expect(readCoverageTable(written).some((l) => l.id === 'CACHE-007')).toBe(true);
  await undoLast(db, { id: planId }, { source: 'ui', actor: 'lena', plansDir: dir });
  expect(readFileSync(file, 'utf8')).toBe(edited);
});
