import { lines, REPAIRED_SEED, SEED, tempDir, tickmark } from '../../../helpers/cli';

const tmp = tempDir();

interface Report {
  title: string;
  progress: { stated: number | null; counted: number };
  items: {
    id: string | null;
    key: string;
    title: string;
    status: string;
    line: number;
    phase: string | null;
    section: string | null;
    doneDate: string | null;
  }[];
  phases: { key: string; number: number; stated: number | null; counted: number }[];
  sections: { key: string; number: string | null; title: string; items: number }[];
  summary: {
    rows: { label: string; isTotal: boolean; stated: { total: number | null }; counted: { total: number } | null }[];
  };
  log: { weeks: { title: string; rows: { date: string; items: string; ids: string[] }[] }[] };
  diagnostics: { severity: string; code: string; message: string; line: number; column: number }[];
}

async function parseJson(file: string): Promise<Report> {
  const r = await tickmark(['parse', file, '--json']);
  expect(r.code).toBe(0);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as Report;
}

describe('tickmark parse --json on the seed', () => {
  let report: Report;
  beforeAll(async () => {
    report = await parseJson(SEED);
  });

  it('counts 128 items (56/41/31) against the 131 (55/45/31) stated', () => {
    expect(report.items).toHaveLength(128);
    expect(report.phases.map((p) => [p.number, p.counted, p.stated])).toEqual([
      [1, 56, 55],
      [2, 41, 45],
      [3, 31, 31],
    ]);
    const total = report.summary.rows.find((r) => r.isTotal)!;
    expect(total.stated.total).toBe(131);
    expect(total.counted?.total).toBe(128);
  });

  it('gives each item its id, key, title, status, line, phase, section and done date', () => {
    const item = report.items.find((i) => i.id === 'CACHE-001')!;
    expect(item).toMatchObject({
      key: 'CACHE-001',
      status: 'done',
      line: 31,
      phase: report.phases[0].key,
      doneDate: '2026-01-02',
    });
    expect(item.title).toMatch(/^Thunder Herd Problem/);
    const section = report.sections.find((s) => s.key === item.section)!;
    expect(section).toMatchObject({ number: '1.1', title: 'Caching Problems & Solutions', items: 5 });
    const byDate: Record<string, number> = {};
    for (const i of report.items) byDate[i.doneDate ?? 'none'] = (byDate[i.doneDate ?? 'none'] ?? 0) + 1;
    expect(byDate).toEqual({ '2026-01-02': 56, '2026-01-03': 41, '2026-01-04': 31 });
  });

  it('keeps both sections numbered 1.8 and expands log ranges into ids', () => {
    expect(report.sections.filter((s) => s.number === '1.8').map((s) => s.title)).toEqual([
      'Real-World Case Studies',
      'Application Patterns',
    ]);
    const row = report.log.weeks[1].rows.find((r) => r.items === 'LINUX-001 to LINUX-005')!;
    expect(row).toMatchObject({
      date: '2026-01-03',
      ids: ['LINUX-001', 'LINUX-002', 'LINUX-003', 'LINUX-004', 'LINUX-005'],
    });
  });

  it('reports diagnostics with positions, among them the drift and the mojibake', () => {
    const codes = new Set(report.diagnostics.map((d) => d.code));
    expect(codes.size).toBeGreaterThan(1);
    expect(report.diagnostics.some((d) => /mojibake/.test(d.code))).toBe(true);
    for (const d of report.diagnostics) {
      expect(d.line).toBeGreaterThan(0);
      expect(d.column).toBeGreaterThan(0);
    }
  });
});

describe('tickmark parse (readable)', () => {
  it('states counted next to stated, then lists phases, sections and items', async () => {
    const r = await tickmark(['parse', REPAIRED_SEED]);
    expect(r.code).toBe(0);
    const out = lines(r.stdout);
    expect(out[0]).toBe(`${REPAIRED_SEED}: System Design Gap Implementation Plan`);
    expect(out[1]).toBe('  items        128 (stated 131): 128 done, 0 in progress, 0 to do, 0 cancelled');
    expect(out).toContain('  phase 2      MEDIUM Priority Items: 41 (stated 45) items, 41 done');
    expect(out).toContain('  progress     100% (as stated)');
    expect(out).toContain('  1.8 Real-World Case Studies  (line 84)');
    expect(out).toContain('  1.8 Application Patterns  (line 91)');
    expect(out).toContain('    [x] CACHE-003  Cache Breakdown  line 33  2026-01-02');
    expect(out.filter((l) => /^ {4}\[x\] [A-Z0-9]+-\d{3} {2}/.test(l))).toHaveLength(128);
  });

  it('--summary prints the counts only', async () => {
    const r = await tickmark(['parse', REPAIRED_SEED, '--summary']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('phase 3      LOW Priority Items: 31 (as stated) items, 31 done');
    expect(r.stdout).not.toContain('CACHE-001');
  });
});

describe('tickmark parse on files it cannot read', () => {
  it('refuses a directory, a binary file and a non-UTF-8 file with one line and exit 1', async () => {
    const binary = await tmp.write(
      'image.md',
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]),
    );
    const cp1252 = await tmp.write('cp1252.md', Buffer.from([0x2d, 0x20, 0x5b, 0x78, 0x5d, 0x20, 0x93, 0x71, 0x94]));
    const cases: [string, string][] = [
      [tmp.path(''), 'is a directory, not a plan file'],
      [binary, 'looks binary (NUL byte at offset 8, line 3, column 1); a plan must be a text file'],
      [cp1252, 'is not valid UTF-8 (byte 0x93 at offset 6, line 1, column 7)'],
    ];
    for (const [file, message] of cases) {
      const r = await tickmark(['parse', file, '--json']);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(lines(r.stderr)).toHaveLength(1);
      expect(r.stderr).toContain(`tickmark parse: ${file}: ${message}`);
    }
  });
});
