// `tickmark coverage`: plan items ↔ source topics, found by title and stored in the plan's Source Coverage table.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parsePlan } from '../../../../parser/index';
import { REPAIRED_SEED, ROOT, tempDir, tickmark } from '../../../helpers/cli';

const CORPUS = join(ROOT, 'tests/fixtures/corpus/dd-sdlc-ai');
const PARTS = [1, 2, 3, 4, 5].map((n) => join(CORPUS, `part_${n}_gap_analysis.md`));
const dir = tempDir();

interface Json {
  topics: { file: string; line: number; topic: string; state: string; items: string[] }[];
  items: { id: string; title: string; found: string; topics: { file: string; line: number; topic: string }[] }[];
  unplanned: { topic: string; priority: string }[];
}

async function coverage(plan: string, ...extra: string[]): Promise<Json> {
  const r = await tickmark(['coverage', plan, '--sources', ...PARTS, '--json', ...extra]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Json;
}

describe('tickmark coverage on the example plan', () => {
  it('links 108 of its 128 items to their topics by title, both ways', async () => {
    const plan = await dir.copy(REPAIRED_SEED, 'plan.md');
    const c = await coverage(plan);
    expect(c.items).toHaveLength(128);
    expect(c.items.filter((i) => i.topics.length > 0)).toHaveLength(108);
    const item = (id: string) => c.items.find((i) => i.id === id)!;
    expect(item('CACHE-001').topics).toEqual([
      { file: 'part_1_gap_analysis.md', line: 30, topic: 'Thunder Herd Problem' },
      { file: 'part_5_gap_analysis.md', line: 237, topic: 'Thunder Herd Problem' },
    ]);
    expect(item('CLOUD-003').topics).toEqual([
      { file: 'part_3_gap_analysis.md', line: 79, topic: 'Cloud Cost Reduction Techniques' },
    ]);
    expect(item('CACHE-005').topics.map((t) => t.topic)).toEqual(['8 Levels of Caching']);
    // A shared generic tail is not a match.
    expect(item('APP-003').topics).toEqual([]);
    const thunder = c.topics.find((t) => t.file === 'part_1_gap_analysis.md' && t.line === 30)!;
    expect(thunder).toMatchObject({ items: ['CACHE-001'], state: 'done' });
    // Every topic the plan covers is done in this plan; "Cloud Cost Optimization" (part 1) is not covered.
    expect(c.topics.find((t) => t.topic === 'Cloud Cost Optimization')).toMatchObject({
      items: [],
      state: 'unplanned',
    });
    expect(c.unplanned[0].priority).toBe('HIGH');
    expect(c.unplanned.at(-1)!.priority).toBe('LOW');
  });

  it('prints per file, category and priority, the unplanned topics and the items covering none', async () => {
    const plan = await dir.copy(REPAIRED_SEED, 'plan.md');
    const r = await tickmark(['coverage', plan, '--sources', ...PARTS]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'part_1_gap_analysis.md\n  Caching [HIGH]: 3 topics, 0 planned, 3 done, 0 dropped, 0 existing, 0 unplanned',
    );
    expect(r.stdout).toContain('Items covering no topic: 20\n  DB-001 Database Data Structures');
    expect(r.stdout).toContain('108 of 128 items linked to a topic');
  });

  it('--save stores links in a Source Coverage table (no other byte changes); they survive a rename', async () => {
    const plan = await dir.copy(REPAIRED_SEED, 'plan.md');
    const before = await readFile(plan, 'utf8');
    await coverage(
      plan,
      '--save',
      '--link',
      'DB-001=part_3_gap_analysis.md:Skiplist',
      '--unlink',
      'CACHE-001=part_5_gap_analysis.md:Thunder Herd Problem',
    );
    const after = await readFile(plan, 'utf8');
    expect(after.startsWith(before)).toBe(true);
    expect(after.slice(before.length)).toMatch(
      /^\n## Source Coverage\n\n.*\n\n\| Item \| Source \| Line \| Topic \|\n/,
    );
    expect(after).toContain('| DB-001 | part_3_gap_analysis.md | 120 | Skiplist |');
    expect(parsePlan(after).items).toHaveLength(128);

    // Rename the item: the stored link holds (title matching alone would lose it).
    await writeFile(plan, after.replace('**CACHE-001**: Thunder Herd Problem', '**CACHE-001**: Stampeding requests'));
    const c = await coverage(plan);
    const item = (id: string) => c.items.find((i) => i.id === id)!;
    expect(item('CACHE-001')).toMatchObject({ title: 'Stampeding requests', found: 'stored' });
    expect(item('CACHE-001').topics).toEqual([
      { file: 'part_1_gap_analysis.md', line: 30, topic: 'Thunder Herd Problem' },
    ]);
    expect(item('DB-001').topics.map((t) => t.topic)).toEqual(['Skiplist']);
    expect(c.items.filter((i) => i.topics.length > 0)).toHaveLength(109);

    // Unlinking everything is remembered too: title matching does not bring the link back.
    await coverage(plan, '--save', '--unlink', 'CACHE-001=part_1_gap_analysis.md:Thunder Herd Problem');
    const again = await readFile(plan, 'utf8');
    expect(again).toContain('| CACHE-001 | - | 0 | - |');
    expect(again.match(/## Source Coverage/g)).toHaveLength(1);
    expect((await coverage(plan)).items.find((i) => i.id === 'CACHE-001')!.topics).toEqual([]);
    // Five CLI runs: on a loaded 2-core machine they take over the default 60 s.
  }, 180_000);

  it('a generated plan covers every MISSING/PARTIAL topic through its stored links', async () => {
    const plan = dir.path('new.md');
    expect((await tickmark(['plan', 'new', ...PARTS, '--out', plan])).code).toBe(0);
    const c = await coverage(plan);
    expect(c.items.every((i) => i.found === 'stored' && i.topics.length > 0)).toBe(true);
    expect(c.unplanned).toEqual([]);
    expect(c.topics.filter((t) => t.state === 'planned')).toHaveLength(369);
  });

  it('refuses a PLAN that is not a plan, and bad --link specs, writing nothing', async () => {
    const r = await tickmark(['coverage', PARTS[0], '--sources', PARTS[1]]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('not a plan (no checkbox items)');
    const plan = await dir.copy(REPAIRED_SEED, 'plan.md');
    const before = await readFile(plan, 'utf8');
    const r2 = await tickmark([
      'coverage',
      plan,
      '--sources',
      ...PARTS,
      '--save',
      '--link',
      'NOPE-1=part_1_gap_analysis.md:Cache Penetration',
    ]);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toContain('no item NOPE-1 in the plan');
    expect(await readFile(plan, 'utf8')).toBe(before);
  });
});
