// `tickmark plan new` on the five gap analyses, as a real process on real files.
import { existsSync, readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { consolidateTopics, normaliseTopic, parsePlan, parseSource, readCoverageTable } from '../../../../parser/index';
import { ROOT, tempDir, tickmark } from '../../../helpers/cli';

const CORPUS = join(ROOT, 'tests/fixtures/corpus/dd-sdlc-ai');
const PARTS = [1, 2, 3, 4, 5].map((n) => join(CORPUS, `part_${n}_gap_analysis.md`));
const dir = tempDir();

// The expected topics, computed independently of the command: unique (normalised) MISSING/PARTIAL titles.
const rows = PARTS.flatMap((p, i) => parseSource(readFileSync(p, 'utf8'), `part_${i + 1}_gap_analysis.md`).topics);
const chosen = consolidateTopics([rows]).topics.filter((t) => t.status !== 'EXISTS');

describe('tickmark plan new', () => {
  it('writes one item per chosen unique topic, HIGH topics in Phase 1, unique IDs, no diagnostics', async () => {
    const out = dir.path('plan.md');
    const r = await tickmark(['plan', 'new', ...PARTS, '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('357 items from 362 topics in 5 sources (Phase 1: 198, Phase 2: 120, Phase 3: 39)');
    const text = await readFile(out, 'utf8');
    const model = parsePlan(text);
    expect(model.diagnostics).toEqual([]);
    expect(model.items).toHaveLength(chosen.length);
    expect(new Set(model.items.map((i) => i.id)).size).toBe(model.items.length);
    // Parses back to the same topics.
    expect(model.items.map((i) => normaliseTopic(i.title)).sort()).toEqual(chosen.map((t) => t.key).sort());
    expect(model.items.every((i) => i.status === 'todo')).toBe(true);
    const phase1 = model.phases[0];
    expect(phase1.priority).toBe('HIGH');
    const highKeys = new Set(chosen.filter((t) => t.priority === 'HIGH').map((t) => t.key));
    const inPhase1 = model.items.filter((i) => i.phaseKey === phase1.key).map((i) => normaliseTopic(i.title));
    expect(new Set(inPhase1)).toEqual(highKeys);
    expect(text).toContain('- [ ] **CACHE-001**: Thunder Herd Problem - When cache expires');
    expect(text).toMatch(/## Phase 1: HIGH Priority Items \(198 items\)\n\n### 1\.1 Caching\n/);
    // Every item's origins travel in the Source Coverage table: one row per origin, every item present.
    const links = readCoverageTable(text);
    expect(new Set(links.map((l) => l.id))).toEqual(new Set(model.items.map((i) => i.id)));
    expect(links).toContainEqual({
      id: 'CACHE-001',
      file: 'part_1_gap_analysis.md',
      line: 30,
      topic: 'Thunder Herd Problem',
    });
  });

  it('is byte-identical when regenerated, and honours --prefix, --include and --capacity', async () => {
    const a = dir.path('a.md');
    const b = dir.path('b.md');
    const args = ['--prefix', 'Caching=CCH', '--include', 'missing', '--capacity', '25/week', '--start', '2026-01-05'];
    expect((await tickmark(['plan', 'new', ...PARTS, '--out', a, ...args])).code).toBe(0);
    expect((await tickmark(['plan', 'new', ...PARTS, '--out', b, ...args])).code).toBe(0);
    const text = await readFile(a);
    expect(text.equals(await readFile(b))).toBe(true);
    const model = parsePlan(text.toString('utf8'));
    expect(model.diagnostics).toEqual([]);
    expect(model.items).toHaveLength(chosen.filter((t) => t.status === 'MISSING').length);
    expect(model.items[0].id).toBe('CCH-001');
    expect(text.toString()).toContain('| Phase 1 (HIGH) | 146 | 6 | 2026-02-16 |');
  });

  it('merges a confirmed near match with --same', async () => {
    const out = dir.path('same.md');
    const r = await tickmark(['plan', 'new', ...PARTS, '--out', out, '--same', 'Cache Crash Recovery=Cache Crash']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('356 items');
    expect(r.stdout).not.toContain('"Cache Crash Recovery" / "Cache Crash"');
  });
});

describe('tickmark plan new refuses bad input and writes nothing', () => {
  it('an existing --out file, unless --force', async () => {
    const out = await dir.write('plan.md', 'mine\n');
    const r = await tickmark(['plan', 'new', PARTS[0], '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('already exists; choose another --out or pass --force');
    expect(await readFile(out, 'utf8')).toBe('mine\n');
    expect((await tickmark(['plan', 'new', PARTS[0], '--out', out, '--force'])).code).toBe(0);
    expect(parsePlan(await readFile(out, 'utf8')).items.length).toBeGreaterThan(40);
  });

  it('a source with no topic table (a plan given as a source)', async () => {
    const out = dir.path('plan.md');
    const r = await tickmark(['plan', 'new', join(CORPUS, 'implementation-plan.md'), '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('implementation-plan.md: no topic table found');
    expect(existsSync(out)).toBe(false);
  });

  it('unknown status words and missing columns, with file:line:col', async () => {
    const bad = await dir.write(
      'bad.md',
      '### Category 1: Caching\n\n| Topic | Status | Gap | Priority |\n|---|---|---|---|\n| **A** | GONE | d | HIGH |\n',
    );
    const out = dir.path('plan.md');
    const r = await tickmark(['plan', 'new', bad, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${bad}:5:11 unknown-status Unknown status "GONE"`);
    const cols = await dir.write('cols.md', '## Gaps\n\n| Topic | Status |\n|---|---|\n| **A** | MISSING |\n');
    const r2 = await tickmark(['plan', 'new', cols, '--out', out]);
    expect(r2.stderr).toContain(`${cols}:3:1 missing-columns`);
    expect(existsSync(out)).toBe(false);
    await expect(stat(dir.path('plan.md'))).rejects.toThrow();
  });

  it('bad options are usage errors', async () => {
    const r = await tickmark(['plan', 'new', PARTS[0], '--out', dir.path('x.md'), '--include', 'DONE']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--include takes MISSING, PARTIAL, EXISTS');
    const r2 = await tickmark([
      'plan',
      'new',
      PARTS[0],
      '--out',
      dir.path('x.md'),
      '--capacity',
      'ten',
      '--start',
      '2026-01-01',
    ]);
    expect(r2.code).toBe(2);
  });
});
