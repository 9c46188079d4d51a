// The plan's Source Coverage table (parser/lib/sources/coverage-table.ts): one matcher finds the section for
// reading and writing (any heading level and case, up to the next heading of the same or a higher level),
// and a link edit changes only the table's own bytes.
import { applyStructureChanges, readCoverageTable, withCoverageSection } from '../../../../../parser/index';

const PLAN = '# Plan\n\n## Phase 1\n\n- [ ] **CACHE-001**: Thunder Herd Problem\n- [ ] **CACHE-002**: Cache Aside\n';
const ROW = (id: string, topic: string, line = 30) => ({ id, file: 'part 1 gaps.md', line, topic });
const OLD = [ROW('CACHE-001', 'Thunder Herd Problem')];
const NEW = [ROW('CACHE-001', 'Thunder Herd Problem'), ROW('CACHE-002', 'Cache Aside', 41)];
const TABLE_OLD =
  '| Item | Source | Line | Topic |\n|---|---|---|---|\n| CACHE-001 | part 1 gaps.md | 30 | Thunder Herd Problem |';
const TABLE_NEW = [
  '| Item | Source | Line | Topic |',
  '|------|--------|------|-------|',
  '| CACHE-001 | part 1 gaps.md | 30 | Thunder Herd Problem |',
  '| CACHE-002 | part 1 gaps.md | 41 | Cache Aside |',
].join('\n');

/** The plan with a coverage section whose heading line is `heading`, around the user's own prose. */
const planWith = (heading: string, table = TABLE_OLD) =>
  `${PLAN}\n${heading}\n\nThe user's note before the table.\n\n${table}\n\nA paragraph after it, *kept*.\n\n### Notes\n\n- reviewed with Lena\n`;

describe('a link edit changes only the table', () => {
  it('keeps prose before and after the table and a ### subsection byte for byte', () => {
    const text = planWith('## Source Coverage');
    expect(readCoverageTable(text)).toEqual(OLD);
    const out = withCoverageSection(text, NEW, '\n');
    expect(out).toBe(text.replace(TABLE_OLD, TABLE_NEW));
    expect(readCoverageTable(out)).toEqual(NEW);
  });

  it('keeps CRLF line endings and every byte outside the table', () => {
    const text = planWith('## Source Coverage').replace(/\n/g, '\r\n');
    const out = withCoverageSection(text, NEW, '\r\n');
    expect(out).toBe(text.replace(TABLE_OLD.replace(/\n/g, '\r\n'), TABLE_NEW.replace(/\n/g, '\r\n')));
    expect(out.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('adds a table to a section that has none after its last line, before the next heading', () => {
    const text = `${PLAN}\n## Source Coverage\n\nLinks come later.\n\n## Appendix\n\nMore.\n`;
    const out = withCoverageSection(text, NEW, '\n');
    expect(out).toBe(`${PLAN}\n## Source Coverage\n\nLinks come later.\n\n${TABLE_NEW}\n\n## Appendix\n\nMore.\n`);
    expect(readCoverageTable(out)).toEqual(NEW);
  });

  it('appends the whole section to a plan without one, leaving the plan’s bytes first', () => {
    const out = withCoverageSection(PLAN, NEW, '\n');
    expect(out.startsWith(PLAN)).toBe(true);
    expect(out.match(/source coverage/gi)).toHaveLength(1);
    expect(readCoverageTable(out)).toEqual(NEW);
  });

  it('writes links split over two tables back as one, in the first one’s place', () => {
    const second =
      '| Item | Source | Line | Topic |\n|---|---|---|---|\n| CACHE-002 | part 1 gaps.md | 41 | Cache Aside |';
    const text = planWith('## Source Coverage').replace('### Notes\n', `### Notes\n\n${second}\n`);
    expect(readCoverageTable(text)).toEqual(NEW);
    const out = withCoverageSection(text, OLD, '\n');
    expect(readCoverageTable(out)).toEqual(OLD);
    expect(out).toContain("The user's note before the table.\n\n| Item");
    expect(out).toContain('- reviewed with Lena\n');
  });
});

describe('the section’s heading: one matcher for reading and writing', () => {
  for (const heading of [
    '### Source Coverage',
    '## Source coverage',
    '## SOURCE COVERAGE ##',
    '#### Source Coverage',
  ]) {
    it(`finds “${heading}” and writes into it, never a second section`, () => {
      const text = planWith(heading);
      expect(readCoverageTable(text)).toEqual(OLD);
      const out = withCoverageSection(text, NEW, '\n');
      expect(out.match(/source coverage/gi)).toHaveLength(1);
      expect(out).toBe(text.replace(TABLE_OLD, TABLE_NEW));
      expect(readCoverageTable(out)).toEqual(NEW);
    });
  }

  it('finds a setext heading too', () => {
    const text = `${PLAN}\nSource Coverage\n---------------\n\n${TABLE_OLD}\n`;
    expect(readCoverageTable(text)).toEqual(OLD);
    expect(withCoverageSection(text, NEW, '\n')).toBe(text.replace(TABLE_OLD, TABLE_NEW));
  });

  it('ends the section at the next heading of the same or a higher level, not at a deeper one', () => {
    const table2 = TABLE_OLD.replace('CACHE-001', 'CACHE-002');
    // Under `### Source Coverage`, a `####` table belongs to the section; one after the next `###` does not.
    const text = `${PLAN}\n### Source Coverage\n\n#### By hand\n\n${TABLE_OLD}\n\n### Other\n\n${table2}\n`;
    expect(readCoverageTable(text)).toEqual(OLD);
    const out = withCoverageSection(text, NEW, '\n');
    expect(out).toBe(text.replace(TABLE_OLD, TABLE_NEW));
    expect(out.endsWith(`### Other\n\n${table2}\n`)).toBe(true);
  });

  it('lets the engine’s link edit through for a ### heading (its read-back check agrees)', () => {
    const text = planWith('### Source Coverage');
    const applied = applyStructureChanges(
      text,
      [{ kind: 'set-coverage', links: NEW, expected: OLD, summary: 'linked CACHE-002' }],
      { today: '2026-12-01' },
    );
    expect(applied.text).toBe(text.replace(TABLE_OLD, TABLE_NEW));
  });
});
