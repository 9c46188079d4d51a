// Source documents (gap analyses): recognised as sources, read into topics with line/column diagnostics,
// and consolidated across parts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  applyStructureChanges,
  computeCoverage,
  consolidateTopics,
  derivePrefix,
  fitPhases,
  isSourceTable,
  linksAfterEdits,
  looksLikeSource,
  measuredThroughput,
  mergePlan,
  parsePlan,
  parseSource,
  prefixFor,
  topicChanges,
} from '../../../../parser/index';
import { ROOT } from '../../../helpers/cli';

const CORPUS = join(ROOT, 'tests/fixtures/corpus/dd-sdlc-ai');
const part = (n: number) => readFileSync(join(CORPUS, `part_${n}_gap_analysis.md`), 'utf8');

describe('recognising a source', () => {
  it('takes a Status + Priority header as a source table, and a task table as not one', () => {
    expect(isSourceTable(['Topic in PDF', 'Status', 'Gap Description', 'Priority'])).toBe(true);
    expect(isSourceTable(['**Status**', 'Topic', '**PRIORITY**'])).toBe(true);
    expect(isSourceTable(['ID', 'Task', 'Status', 'Owner'])).toBe(false);
    expect(isSourceTable(['Topic', 'part_1 Status', 'Priority level'])).toBe(false);
  });

  it('tells gap analyses from plans', () => {
    for (const n of [1, 2, 3, 4, 5]) expect(looksLikeSource(part(n))).toBe(true);
    expect(looksLikeSource(readFileSync(join(CORPUS, 'implementation-plan.md'), 'utf8'))).toBe(false);
    expect(looksLikeSource(readFileSync(join(ROOT, 'tests/fixtures/seed/input.md'), 'utf8'))).toBe(false);
  });
});

describe('parseSource on the five gap analyses', () => {
  const models = [1, 2, 3, 4, 5].map((n) => parseSource(part(n), `part_${n}_gap_analysis.md`));

  it('reads every topic row (374) with no diagnostics', () => {
    expect(models.map((m) => m.topics.length)).toEqual([59, 58, 72, 100, 85]);
    expect(models.flatMap((m) => m.diagnostics)).toEqual([]);
  });

  it('gives each topic its file, line, category, status, priority and description', () => {
    const thunder = models[0].topics[0];
    expect(thunder).toMatchObject({
      file: 'part_1_gap_analysis.md',
      line: 30,
      column: 3,
      category: 'Caching',
      topic: 'Thunder Herd Problem',
      status: 'MISSING',
      priority: 'HIGH',
    });
    expect(thunder.description).toMatch(/^When cache expires, multiple requests hit database/);
    expect(part(1).split('\n')[thunder.line - 1]).toContain('**Thunder Herd Problem**');
    const linux = models[0].topics.find((t) => t.topic === 'File Permissions')!;
    expect(linux).toMatchObject({ category: 'Linux/Operating Systems', priority: 'LOW' });
    const exists = models.flatMap((m) => m.topics).filter((t) => t.status === 'EXISTS');
    expect(exists).toHaveLength(5);
    expect(exists.every((t) => t.priority === null)).toBe(true);
  });

  it('a gap analysis read as a plan has no items (why it needs its own reader)', () => {
    expect(parsePlan(part(1)).items).toHaveLength(0);
  });
});

describe('bad source input', () => {
  const table = (rows: string[], header = '| Topic | Status | Gap Description | Priority |') =>
    ['# Gaps', '', '### Category 1: Caching (GAPS)', '', header, header.replace(/[^|]+/g, '---'), ...rows, ''].join(
      '\n',
    );

  it('flags unknown status and priority words with line and column', () => {
    const m = parseSource(
      table(['| **A** | MISSNG | d | HIGH |', '| **B** | MISSING | d | URGENT |', '| **C** | partial | d | low |']),
      'x.md',
    );
    expect(m.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([
      ['unknown-status', 7, 11],
      ['unknown-priority', 8, 25],
    ]);
    expect(m.diagnostics[0].message).toContain('MISSNG');
    expect(m.topics.map((t) => [t.topic, t.status, t.priority])).toEqual([['C', 'PARTIAL', 'LOW']]);
  });

  it('flags a topic listed twice within a file (normalised title) and keeps the first', () => {
    const m = parseSource(
      table(['| **Cache Penetration** | MISSING | a | HIGH |', '| cache-penetration | PARTIAL | b | LOW |']),
      'x.md',
    );
    expect(m.topics).toHaveLength(1);
    expect(m.diagnostics).toMatchObject([{ code: 'duplicate-topic', line: 8, column: 3, severity: 'warning' }]);
    expect(m.diagnostics[0].message).toContain('line 7');
  });

  it('flags a topic table missing its Priority column', () => {
    const m = parseSource(table(['| **A** | MISSING | d |'], '| Topic | Status | Gap Description |'), 'x.md');
    expect(m.tables).toBe(0);
    expect(m.diagnostics).toMatchObject([{ code: 'missing-columns', line: 5, column: 1, severity: 'error' }]);
    expect(m.diagnostics[0].message).toContain('Priority');
  });

  it('a document with no topic table has no topics and no tables', () => {
    const m = parseSource('# Notes\n\nJust text.\n', 'n.md');
    expect(m).toMatchObject({ tables: 0, topics: [] });
  });
});

describe('consolidateTopics', () => {
  const topic = (file: string, name: string, priority: 'HIGH' | 'MEDIUM' | 'LOW', status = 'MISSING' as const) => ({
    file,
    line: 1,
    column: 1,
    category: 'Caching',
    topic: name,
    status,
    priority,
    description: `${name} in ${file}`,
  });

  it('merges the same topic from two parts, keeping every origin and the highest priority (flagged)', () => {
    const c = consolidateTopics([
      [topic('p1', 'Cache Penetration', 'MEDIUM'), topic('p1', 'Redis Cluster', 'LOW')],
      [topic('p2', 'cache penetration', 'HIGH'), topic('p2', 'Redis Cluster', 'LOW')],
    ]);
    expect(c.topics).toHaveLength(2);
    const pen = c.topics[0];
    expect(pen).toMatchObject({ topic: 'Cache Penetration', priority: 'HIGH', priorityDiffers: true });
    expect(pen.origins.map((o) => o.file)).toEqual(['p1', 'p2']);
    expect(c.topics[1].priorityDiffers).toBe(false);
  });

  it('offers near matches instead of merging them, and merges a pair once confirmed', () => {
    const sources = [
      [topic('p1', 'Cloud Cost Reduction', 'HIGH')],
      [topic('p2', 'Cloud Cost Reduction Techniques', 'LOW')],
    ];
    const c = consolidateTopics(sources);
    expect(c.topics).toHaveLength(2);
    expect(c.nearMatches).toEqual([{ a: 'Cloud Cost Reduction', b: 'Cloud Cost Reduction Techniques', similarity: 1 }]);
    const confirmed = consolidateTopics(sources, {
      confirmed: [['Cloud Cost Reduction', 'Cloud Cost Reduction Techniques']],
    });
    expect(confirmed.topics).toHaveLength(1);
    expect(confirmed.topics[0].origins).toHaveLength(2);
  });

  it('on the five parts: 374 rows make 362 topics, with 4 priority disagreements flagged', () => {
    const c = consolidateTopics([1, 2, 3, 4, 5].map((n) => parseSource(part(n), `part_${n}`).topics));
    expect(c.topics).toHaveLength(362);
    expect(c.topics.filter((t) => t.priorityDiffers)).toHaveLength(4);
    expect(c.topics.filter((t) => t.origins.length > 1).length).toBe(12);
  });
});

describe('capacity', () => {
  it('fits phases in order before the target and puts the cut line after the last that fits', () => {
    const phases = [
      { name: 'Phase 1', remaining: 20 },
      { name: 'Phase 2', remaining: 15 },
      { name: 'Phase 3', remaining: 30 },
    ];
    const fit = fitPhases(phases, 10, '2026-01-05', '2026-02-01');
    expect(fit.phases.map((p) => [p.cumulative, p.finishes, p.fits])).toEqual([
      [20, '2026-01-19', true],
      [35, '2026-01-30', true],
      [65, '2026-02-20', false],
    ]);
    expect(fit.cutAfter).toBe(1);
    expect(fitPhases(phases, 1, '2026-01-05', '2026-01-10').cutAfter).toBe(-1);
    expect(fitPhases(phases, 10, '2026-01-05', null).cutAfter).toBe(2);
  });

  it('measures throughput from completion dates of the last four weeks', () => {
    const dates = ['2025-12-01', '2025-12-20', '2025-12-21', '2026-01-02', '2026-01-05'];
    expect(measuredThroughput(dates, '2026-01-05')).toBe(0.8);
  });
});

describe('ID prefixes of categories', () => {
  it('derives the example plan’s prefixes from category names', () => {
    const derived = [
      'Caching',
      'Kubernetes & Container Orchestration',
      'Networking Fundamentals',
      'Database & Data Structures',
      'Linux/Operating Systems',
      'API Design',
      'Real-Time & Communication',
      'DevOps & CI/CD',
      'Observability',
      'Roadmaps',
    ].map(derivePrefix);
    expect(derived).toEqual(['CACHE', 'K8S', 'NET', 'DB', 'LINUX', 'API', 'RT', 'DEVOPS', 'OBS', 'ROAD']);
  });

  it('shares a prefix only with sections about the same thing, else picks a free one', () => {
    const used = new Map([
      ['CACHE', ['Caching Problems & Solutions']],
      ['DATA', ['Data Engineering']],
      ['OBS', []],
    ]);
    expect(prefixFor('Caching Advanced', used)).toBe('CACHE');
    expect(prefixFor('Data Pipelines', used)).toBe('DATA');
    // `Datastores` → DATA, which `Data Engineering` holds: its initials are one letter, so DATA2.
    expect(prefixFor('Datastores', used)).toBe('DATA2');
    expect(prefixFor('Document Stores', new Map([['DOCU', ['Documentation']]]))).toBe('DS');
    // A prefix only removed items used is never reused.
    expect(prefixFor('Observability', used)).toBe('OBS2');
    expect(prefixFor('Search', used)).toBe('SEARCH');
  });

  it('a new section added by topicChanges gets its own prefix, not the last section’s', () => {
    const plan = parsePlan(readFileSync(join(CORPUS, 'implementation-plan.md'), 'utf8'));
    const topic = { topic: 'SLO Burn Rate Alerts', description: 'd', category: 'Observability', priority: 'MEDIUM' };
    const changes = topicChanges(plan, [topic, { ...topic, topic: 'Distributed Tracing' }]);
    expect(changes.map((c) => (c.kind === 'add-item' ? (c.id ?? '(next)') : c.kind))).toEqual([
      'add-section',
      'OBS-001',
      'OBS-002',
    ]);
    // An ID a removed item once had is not handed out again.
    const known = topicChanges(plan, [topic], { knownIds: ['OBS-001'] });
    expect(known.find((c) => c.kind === 'add-item')).toMatchObject({ id: 'OBS2-001' });
  });
});

it('merges all five parts into the example plan with unique IDs, a category split over phases included', () => {
  const text = readFileSync(join(CORPUS, 'implementation-plan.md'), 'utf8');
  const plan = parsePlan(text);
  const parts = [1, 2, 3, 4, 5].map((n) =>
    parseSource(readFileSync(join(CORPUS, `part_${n}_gap_analysis.md`), 'utf8'), `part_${n}_gap_analysis.md`),
  );
  const merge = mergePlan(plan, computeCoverage(plan, text, parts));
  const applied = applyStructureChanges(text, topicChanges(plan, merge.add), { today: '2026-12-01', model: plan });
  const ids = applied.model.items.map((i) => i.id);
  expect(ids).toHaveLength(plan.items.length + merge.add.length);
  expect(new Set(ids).size).toBe(ids.length);
  // Data Engineering has a section in Phase 1 and gets new ones in later phases: the numbers follow on.
  const data = applied.model.items.filter((i) => i.id?.startsWith('DATA-')).map((i) => i.id);
  expect(data.slice(0, 5)).toEqual(['DATA-001', 'DATA-002', 'DATA-003', 'DATA-004', 'DATA-005']);
  // Every existing line is kept.
  for (const line of text.split('\n').filter((l) => /^- \[/.test(l))) expect(applied.text).toContain(line);
});

describe('merging sources into a plan, and link edits', () => {
  const planText = readFileSync(join(CORPUS, 'implementation-plan.md'), 'utf8');
  const plan = parsePlan(planText);
  const sixth = parseSource(
    readFileSync(join(ROOT, 'tests/fixtures/sources/part_6_gap_analysis.md'), 'utf8'),
    'part_6.md',
  );

  it('mergePlan: the new topics, what the source now says differently, and links to topics it dropped', () => {
    const withLink = `${planText}\n## Source Coverage\n\n| Item | Source | Line | Topic |\n|---|---|---|---|\n| NET-001 | part_6.md | 99 | Gone Topic |\n`;
    const merge = mergePlan(parsePlan(withLink), computeCoverage(parsePlan(withLink), withLink, [sixth]));
    // NET-001's stored link names a topic part 6 no longer has, so OSI Model Deep Dive is unplanned again.
    expect(merge.add.map((t) => t.topic)).toEqual([
      'Cache Stampede Protection',
      'OSI Model Deep Dive',
      'QUIC Handshake',
      'SLO Burn Rate Alerts',
    ]);
    expect(merge.changed.map((c) => [c.topic.topic, c.items, c.change])).toEqual([
      ['Distributed Tracing', ['MICRO-004'], 'priority MEDIUM, planned in a HIGH phase'],
    ]);
    expect(merge.gone).toEqual([{ id: 'NET-001', file: 'part_6.md', line: 99, topic: 'Gone Topic' }]);
    // Only the chosen files count.
    expect(mergePlan(plan, computeCoverage(plan, planText, [sixth]), { files: ['other.md'] }).add).toEqual([]);
  });

  it('linksAfterEdits: confirming writes that item’s found links, removing the last leaves a `-` row', () => {
    const coverage = computeCoverage(plan, planText, [sixth]);
    expect(linksAfterEdits(coverage, [{ kind: 'confirm', id: 'CACHE-001' }])).toEqual([
      { id: 'CACHE-001', file: 'part_6.md', line: 15, topic: 'Thunder Herd Problem' },
    ]);
    const thunder = { file: 'part_6.md', line: 15, topic: 'Thunder Herd Problem' };
    expect(linksAfterEdits(coverage, [{ kind: 'unlink', id: 'CACHE-001', topic: thunder }])).toEqual([
      { id: 'CACHE-001', file: '-', line: 0, topic: '-' },
    ]);
    const quic = { file: 'part_6.md', line: 31, topic: 'QUIC Handshake' };
    const all = linksAfterEdits(coverage, [{ kind: 'link', id: 'NET-002', topic: quic }], { all: true });
    expect(all.filter((l) => l.id === 'NET-002')).toEqual([{ id: 'NET-002', ...quic }]);
    // With `all`, items found by title are written too; items covering nothing untouched are not.
    expect(all.map((l) => l.id)).toContain('CACHE-001');
    expect(all.some((l) => l.topic === '-')).toBe(false);
  });
});
