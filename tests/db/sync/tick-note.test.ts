// A tick's note through the write-back engine: it fills the Notes cell of the log row the tick writes, and the
// stored log row and the item's event carry it too.
import { readFileSync } from 'node:fs';
import { and, eq } from 'drizzle-orm';
import { copySeed, editOnce, tempPlansDir, testDb } from '../../helpers/database';
import { itemEvents, items, progressLogRows } from '../../../db/schema';
import { syncPlan } from '../../../sync/import';
import { setStatus } from '../../../sync/engine';

it('setStatus with a note writes it into the new log row, in the file and in the database', async () => {
  const db = await testDb();
  const dir = tempPlansDir('tick-note');
  const file = copySeed(dir);
  // CACHE-001 not done yet, and not in the log.
  editOnce(file, '- [x] **CACHE-001**', '- [ ] **CACHE-001**');
  editOnce(file, '| 2026-01-02 | CACHE-001, CACHE-002,', '| 2026-01-02 | CACHE-002,');
  const r = await syncPlan(db, file, { plansDir: dir });
  const slug = r.slug!;
  await setStatus(db, { slug }, 'CACHE-001', 'done', {
    source: 'cli',
    today: '2026-01-20',
    note: 'thundering herd | done',
    plansDir: dir,
  });
  expect(readFileSync(file, 'utf8')).toContain('| 2026-01-20 | CACHE-001 | thundering herd \\| done |');
  const rows = await db
    .select({ notes: progressLogRows.notes, ids: progressLogRows.ids })
    .from(progressLogRows)
    .where(and(eq(progressLogRows.planId, r.planId!), eq(progressLogRows.date, '2026-01-20')));
  expect(rows).toEqual([{ notes: 'thundering herd \\| done', ids: ['CACHE-001'] }]);
  // The history keeps the note with the change, as written (the weekly report and the item page show it).
  const events = await db
    .select({ to: itemEvents.toStatus, note: itemEvents.note, source: itemEvents.source })
    .from(itemEvents)
    .innerJoin(items, eq(items.id, itemEvents.itemId))
    .where(and(eq(itemEvents.planId, r.planId!), eq(items.key, 'CACHE-001'), eq(itemEvents.toStatus, 'done')));
  expect(events.at(-1)).toEqual({ to: 'done', note: 'thundering herd | done', source: 'cli' });
});
