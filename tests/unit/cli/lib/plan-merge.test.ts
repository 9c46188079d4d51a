// `tickmark plan merge` as a real process: a sixth gap analysis merged into a copy of the example plan adds
// only its new topics, where they belong, and leaves every existing line as it was (bookkeeping aside).
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePlan } from '../../../../parser/index';
import { ROOT, tempDir, tickmark } from '../../../helpers/cli';

const PLAN = join(ROOT, 'tests/fixtures/corpus/dd-sdlc-ai/implementation-plan.md');
const SIXTH = join(ROOT, 'tests/fixtures/sources/part_6_gap_analysis.md');
const dir = tempDir();
/** Lines the bookkeeping owns: summary rows, phase headings' counts, Last Updated, Progress. */
const bookkeeping = (line: string) =>
  /^\| (Phase \d|\*\*TOTAL)|^## Phase \d|^\*\*(Last Updated|Progress)\*\*/.test(line);

describe('tickmark plan merge', () => {
  it('adds only the new topics, each in its category and priority, never touching existing lines', async () => {
    const file = dir.path('merge.md');
    copyFileSync(PLAN, file);
    const before = readFileSync(file, 'utf8');

    const dry = await tickmark(['plan', 'merge', file, SIXTH, '--dry-run', '--today', '2026-12-01']);
    expect(dry.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(dry.stdout).toContain('+- [ ] **NET-008**: QUIC Handshake - 0-RTT and connection migration\n');

    const r = await tickmark(['plan', 'merge', file, SIXTH, '--today', '2026-12-01', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const after = readFileSync(file, 'utf8');
    expect(JSON.parse(r.stdout).changes.map((c: { kind: string; id: string | null }) => c.id ?? c.kind)).toEqual([
      'CACHE-009',
      'NET-008',
      'add-section',
      'OBS-001',
    ]);
    const model = parsePlan(after);
    const byId = new Map(model.items.map((i) => [i.id, i]));
    // Into the section of its category (Caching → 1.1, Networking → 1.3) in the phase of its priority.
    expect(byId.get('CACHE-009')).toMatchObject({ title: 'Cache Stampede Protection', sectionKey: '1.1' });
    expect(byId.get('NET-008')).toMatchObject({ title: 'QUIC Handshake', sectionKey: '1.3' });
    // A category the plan lacks becomes a new section of the MEDIUM phase.
    const obs = model.sections.find((s) => s.title === 'Observability');
    expect(obs).toMatchObject({ number: '2.11', phaseKey: 'phase-2' });
    expect(byId.get('OBS-001')).toMatchObject({ title: 'SLO Burn Rate Alerts', sectionKey: obs!.key });
    // Covered (Thunder Herd, OSI, and Distributed Tracing by title) and EXISTS topics are not added.
    expect(model.items.filter((i) => /Thunder Herd|OSI Model|Cache Aside/.test(i.title))).toHaveLength(2);
    expect(model.items).toHaveLength(parsePlan(before).items.length + 3);

    // Every existing line is still there, in order, unchanged (the bookkeeping lines aside).
    const kept = after.split('\n').filter((l) => !bookkeeping(l));
    let at = 0;
    for (const line of before.split('\n').filter((l) => !bookkeeping(l))) {
      const found = kept.indexOf(line, at);
      expect(found, `line kept: ${line}`).toBeGreaterThanOrEqual(0);
      at = found + 1;
    }
    // Merging again adds nothing: the new items now cover their topics.
    const again = await tickmark(['plan', 'merge', file, SIXTH, '--today', '2026-12-01']);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('every topic of the sources is covered; nothing to add');
    expect(readFileSync(file, 'utf8')).toBe(after);
  });

  it('refuses a plan that is not a plan, and no sources, writing nothing', async () => {
    const r = await tickmark(['plan', 'merge', SIXTH, SIXTH]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('not a plan');
    const u = await tickmark(['plan', 'merge', PLAN]);
    expect(u.code).not.toBe(0);
    expect(u.stderr).toContain('name at least one source');
  });
});
