// Random sequences of every kind of change the engine writes (ticks, structure changes, dates, undo) on the seed,
// every fixture and every corpus file: after each, the database holds what a fresh import of the file stores, and a
// refused change leaves file and database as they were.
import { copyFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import type { Db } from '../../../db/client';
import { parsePlan, StructureError, type PlanModel, type Status, type StructureChange } from '../../../parser/index';
import { applyStructure, NothingToUndoError, setStatus, undoLast } from '../../../sync/engine';
import { syncPlan } from '../../../sync/import';
import { testDb, tempPlansDir, uniqueName, repoRoot } from '../../helpers/database';
import { documentRows, freshImportRows, planDocuments } from '../../helpers/document-rows';
import { pick } from '../../helpers/edit-arbitraries';

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

const TODAY = '2026-11-26';

/** A change picked by numbers against the plan as it is when the step runs. */
type Step =
  | { kind: 'tick'; n: number; status: Status }
  | { kind: 'structure'; make: (m: PlanModel) => StructureChange | null }
  | { kind: 'undo' };

const steps: fc.Arbitrary<Step> = fc.oneof(
  fc
    .tuple(fc.nat(), fc.constantFrom<Status>('todo', 'done', 'in-progress', 'cancelled'))
    .map(([n, status]): Step => ({ kind: 'tick', n, status })),
  fc.nat().map((n): Step => ({
    kind: 'structure',
    make: (m) => {
      const section = pick(m.sections, n);
      return section ? { kind: 'add-item', section: section.key, title: `Added ${n}`, description: 'new' } : null;
    },
  })),
  fc.nat().map((n): Step => ({
    kind: 'structure',
    make: (m) => {
      const item = pick(m.items, n);
      return item ? { kind: 'edit-item', key: item.key, title: `Retitled ${n}` } : null;
    },
  })),
  fc.tuple(fc.nat(), fc.nat()).map(([n, s]): Step => ({
    kind: 'structure',
    make: (m) => {
      const item = pick(m.items, n);
      const section = pick(m.sections, s);
      return item && section ? { kind: 'move-item', key: item.key, section: section.key } : null;
    },
  })),
  fc.nat().map((n): Step => ({
    kind: 'structure',
    make: (m) => {
      const item = pick(m.items, n);
      return item ? { kind: 'remove-item', key: item.key } : null;
    },
  })),
  fc.nat().map((n): Step => ({
    kind: 'structure',
    make: (m) => {
      const section = pick(m.sections, n);
      return section ? { kind: 'rename-section', section: section.key, title: `Renamed ${n}` } : null;
    },
  })),
  fc.constant<Step>({ kind: 'undo' }),
);

/** Refusals a random change may meet (an item without a section, nothing left to undo …): said, not thrown away. */
const refused = (error: unknown) => error instanceof StructureError || error instanceof NothingToUndoError;

describe.each(planDocuments().map((f) => [path.relative(repoRoot, f), f]))(
  'random changes of every kind on %s',
  (_n, source) => {
    it('leaves the database holding what a fresh import of the file stores', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(steps, { minLength: 1, maxLength: 8 }), async (sequence) => {
          const dir = tempPlansDir('mixed');
          const file = path.join(dir, uniqueName('doc'));
          copyFileSync(source, file);
          const first = await syncPlan(db, file, { plansDir: dir });
          expect(first.error).toBeNull();
          const plan = { id: first.planId! };
          const opts = { source: 'ui', today: TODAY, plansDir: dir } as const;
          for (const step of sequence) {
            const before = readFileSync(file, 'utf8');
            const model = parsePlan(before);
            const rowsBefore = await documentRows(db, plan.id);
            try {
              if (step.kind === 'tick') {
                const item = pick(model.items, step.n);
                if (item) await setStatus(db, plan, item.key, step.status, opts);
              } else if (step.kind === 'undo') {
                await undoLast(db, plan, opts);
              } else {
                const change = step.make(model);
                if (change) await applyStructure(db, plan, [change], opts);
              }
            } catch (error) {
              if (!refused(error)) throw error;
              expect(readFileSync(file, 'utf8')).toBe(before);
              expect(await documentRows(db, plan.id)).toEqual(rowsBefore);
              continue;
            }
            expect(await documentRows(db, plan.id)).toEqual(await freshImportRows(db, readFileSync(file, 'utf8')));
          }
        }),
        { numRuns: 3 },
      );
    });
  },
);
