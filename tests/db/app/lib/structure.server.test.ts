// The add forms' next free ID per section (structureChoices) looks only among the IDs of the prefix it continues:
// it must suggest what the whole-plan scan (suggestItemId over every ID the plan has or had) suggests.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { testDb, tempPlansDir, uniqueName } from '../../../helpers/database';
import { syncPlan } from '../../../../sync/import';
import { itemPlaces } from '../../../../db/queries/items';
import { planOutline } from '../../../../db/queries/phases';
import { structureChoices } from '../../../../app/lib/structure.server';
import { suggestItemId } from '../../../../parser/index';

// Prefixes that start alike (T / TT, CACHE- / CACHE-X-), numbers of other widths (N-7, CACHE-0099), a section without IDs (it
// continues the plan's last lettered ID), one without items, and an ID only a removed item had.
const PLAN = `# Prefixes

## Phase 1: Mixed

### 1.1 Tees
- [ ] **T009**: one
- [ ] **TT012**: two
- [ ] **T010**: three

### 1.2 Double tees
- [ ] **TT003**: four

### 1.3 Cache
- [ ] **CACHE-001**: five
- [ ] **CACHE-X-007**: six
- [ ] **CACHE-002**: seven
- [ ] **CACHE-0099**: gone soon

### 1.4 Cache X
- [ ] **CACHE-X-002**: eight

### 1.5 Plain
- [ ] nine
- [ ] ten

### 1.6 Empty

## Phase 2: Numbers

### 2.1 Digits
- [ ] **N-12**: eleven
- [ ] **N-7**: twelve
`;

it('suggests the next ID the whole-plan scan suggests, removed items’ IDs included', async () => {
  const db = await testDb();
  const dir = tempPlansDir('choices');
  const file = path.join(dir, uniqueName('choices'));
  writeFileSync(file, PLAN);
  const planId = (await syncPlan(db, file, { plansDir: dir, now: new Date('2026-01-10T09:00:00Z') })).planId!;
  writeFileSync(file, PLAN.replace('- [ ] **CACHE-0099**: gone soon\n', ''));
  await syncPlan(db, file, { plansDir: dir, now: new Date('2026-01-11T09:00:00Z') });

  // The slow path: every section's siblings against every ID the plan has or had.
  const [outline, rows] = await Promise.all([planOutline(db, planId), itemPlaces(db, planId)]);
  const taken = new Set(rows.flatMap((r) => (r.itemId ? [r.itemId] : [])));
  const present = rows.filter((r) => !r.removed);
  const lettered = present.filter((r) => r.itemId && /[A-Za-z]/.test(r.itemId)).at(-1)?.itemId ?? null;
  const top = present.filter((r) => !r.parentKey);
  const scan = (ids: (string | null)[]) => suggestItemId(ids, lettered, taken);
  const expected = {
    phases: outline.phases.map((p) =>
      scan(top.filter((r) => !r.sectionKey && r.phaseKey === p.key).map((r) => r.itemId)),
    ),
    sections: outline.sections.map((s) => scan(top.filter((r) => r.sectionKey === s.key).map((r) => r.itemId))),
  };

  const choices = await structureChoices(db, planId);
  expect({
    phases: choices.phases.map((p) => p.nextId),
    sections: choices.sections.map((s) => s.nextId),
  }).toEqual(expected);
  // The cases the grouping must keep apart, spelled out.
  expect(choices.sections.map((s) => s.nextId)).toEqual([
    'T011',
    'TT013',
    'CACHE-100',
    'CACHE-X-008',
    'N-13',
    'N-13',
    'N-13',
  ]);
});
