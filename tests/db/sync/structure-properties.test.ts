// Random add / edit / move / remove / status sequences through the write-back engine (lock, import-first,
// rows following by import) on copies of the example plan, every fixture and every corpus file: after each
// step the file parses to exactly what the database holds, a refusal leaves the file's bytes alone, and a new
// item never gets an ID the plan ever had (removed items included), so histories never merge.
import { copyFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { and, asc, eq, isNull } from 'drizzle-orm';
import { testDb, tempPlansDir, uniqueName } from '../../helpers/database';
import { FIXTURES, PLAN_DOCUMENTS } from '../../helpers/paths';
import type { Db } from '../../../db/client';
import { items } from '../../../db/schema';
import { syncPlan } from '../../../sync/import';
import { applyStructure } from '../../../sync/engine';
import { parsePlan, StructureError, type StructureChange } from '../../../parser/index';
import { createRandom } from '../../bench/lib/prng';

// The example plan is tests/fixtures/seed/input.md (a copy of plans/system-design-gap-plan.md).
const files = PLAN_DOCUMENTS;

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

async function liveRows(planId: number): Promise<string[]> {
  const rows = await db
    .select()
    .from(items)
    .where(and(eq(items.planId, planId), isNull(items.removedAt)))
    .orderBy(asc(items.position));
  return rows.map((r) => JSON.stringify([r.key, r.itemId, r.title, r.description, r.status, r.sectionKey]));
}

function fileRows(text: string): string[] {
  return parsePlan(text).items.map((i) =>
    JSON.stringify([i.key, i.id, i.title, i.description, i.status, i.sectionKey]),
  );
}

describe.each(files)('structure changes through the engine on %s', (rel) => {
  it('keeps the file and the database equal, and never hands out an ID twice', async () => {
    const dir = tempPlansDir('structure-properties');
    const file = path.join(dir, uniqueName(rel.replace(/[/.]/g, '-')));
    copyFileSync(path.join(FIXTURES, rel), file);
    const synced = await syncPlan(db, file, { plansDir: dir });
    expect(synced.error).toBeNull();
    const plan = { id: synced.planId! };
    const ever = new Set(parsePlan(readFileSync(file, 'utf8')).items.flatMap((i) => (i.id ? [i.id] : [])));
    const random = createRandom(rel.length * 7919 + 17);
    const pick = random.pick;
    let writes = 0;
    let retiredIn: string | null = null;
    for (let step = 0; step < 6; step++) {
      const text = readFileSync(file, 'utf8');
      const model = parsePlan(text);
      const placed = model.items.filter((i) => i.sectionKey !== null);
      const sections = model.sections.filter((s) => placed.some((i) => i.sectionKey === s.key));
      if (!sections.length) return; // nothing structured to change (a plan without sections)
      const roll = random.next();
      let change: StructureChange;
      // The last item is removed, then an item added to its section: the removed ID must not come back.
      if (step === 1 && placed.length) {
        change = { kind: 'remove-item', key: placed.at(-1)!.key };
        retiredIn = placed.at(-1)!.sectionKey;
      } else if (step === 2 && retiredIn && sections.some((s) => s.key === retiredIn))
        change = { kind: 'add-item', section: retiredIn, title: 'After a removal' };
      else if (roll < 0.35 || !placed.length)
        change = { kind: 'add-item', section: pick(sections).key, title: `Added ${step}`, description: `why ${step}` };
      else if (roll < 0.5) change = { kind: 'edit-item', key: pick(placed).key, title: `Renamed ${step}` };
      else if (roll < 0.65) change = { kind: 'move-item', key: pick(placed).key, section: pick(sections).key };
      else if (roll < 0.8) change = { kind: 'remove-item', key: pick(placed).key };
      else
        change = { kind: 'set-status', key: pick(placed).key, status: pick(['todo', 'done', 'in-progress'] as const) };

      const before = readFileSync(file);
      let outcome;
      try {
        ({
          outcomes: [outcome],
        } = await applyStructure(db, plan, [change], { source: 'cli', actor: 'prop', plansDir: dir }));
      } catch (error) {
        // A refusal (a change whose result would not read back as asked) is allowed; a half-write is not.
        expect(error, `${rel} step ${step} ${JSON.stringify(change)}`).toBeInstanceOf(StructureError);
        expect(readFileSync(file).equals(before)).toBe(true);
        continue;
      }
      writes++;
      const after = readFileSync(file, 'utf8');
      expect(await liveRows(plan.id), `${rel} step ${step} ${JSON.stringify(change)}`).toEqual(fileRows(after));
      if (change.kind === 'add-item' && outcome.id) {
        expect(ever.has(outcome.id), `${outcome.id} handed out again`).toBe(false);
      }
      for (const i of parsePlan(after).items) if (i.id) ever.add(i.id);
    }
    expect(writes).toBeGreaterThan(0);
  }, 120_000);
});
