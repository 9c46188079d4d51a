// tickmark add / edit / move / remove / add-section / add-phase and `set` with many items, on a file alone
// (no database): the edits land in the document's style, --json gives ID, key and line, bad input exits 1
// with one line and leaves the file as it was.
import { readFile } from 'node:fs/promises';
import { lines, tempDir, tickmark } from '../../../helpers/cli';

const tmp = tempDir();

const PLAN = [
  '# Plan',
  '',
  '## Phase 1: HIGH Priority Items (2 items)',
  '',
  '### 1.1 Caching',
  '',
  '- [x] **CACHE-001**: Herd - locks',
  '- [ ] **CACHE-002**: Penetration',
  '',
  '## Phase 2: MEDIUM Priority Items (1 items)',
  '',
  '### 2.1 Inode Management',
  '',
  '- [ ] **FS-001**: Inodes',
  '',
].join('\n');

describe('structure commands', () => {
  it('add prints the new ID, key and line with --json and writes the item like its siblings', async () => {
    const file = await tmp.write('plan.md', PLAN);
    const r = await tickmark([
      'add',
      file,
      '--section',
      'Caching',
      'Avalanche - jitter',
      '--json',
      '--today',
      '2026-12-01',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).changes).toEqual([{ kind: 'add-item', key: 'CACHE-003', id: 'CACHE-003', line: 9 }]);
    const text = await readFile(file, 'utf8');
    expect(text).toContain('- [ ] **CACHE-002**: Penetration\n- [ ] **CACHE-003**: Avalanche - jitter\n\n## Phase 2');
    expect(text).toContain('## Phase 1: HIGH Priority Items (3 items)');
  });

  it('edit, move, remove, add-section, add-phase and bulk set, each one line of output', async () => {
    const file = await tmp.write('plan.md', PLAN);
    const run = async (...args: string[]) => {
      const r = await tickmark([...args, '--today', '2026-12-01']);
      expect(r.code, r.stderr).toBe(0);
      return lines(r.stdout);
    };
    expect(await run('edit', file, 'CACHE-002', '--title', 'Cache penetration')).toEqual([
      `${file}:8: edited CACHE-002`,
    ]);
    expect(await run('move', file, 'CACHE-002', '--section', 'Inode')).toEqual([`${file}:14: moved CACHE-002`]);
    expect(await run('set', file, 'CACHE-002', 'FS-001', 'done')).toEqual([
      `${file}:14: set CACHE-002`,
      `${file}:13: set FS-001`,
    ]);
    expect(await run('remove', file, 'CACHE-001')).toEqual([`${file}: removed CACHE-001`]);
    expect(await run('add-section', file, '--phase', '1', 'Search')).toEqual([`${file}:7: added section 1.2`]);
    expect(await run('add-phase', file, 'Later', '--priority', 'low')).toEqual([`${file}:16: added phase phase-3`]);
    expect(await readFile(file, 'utf8')).toBe(
      [
        '# Plan',
        '',
        '## Phase 1: HIGH Priority Items (0 items)',
        '',
        '### 1.1 Caching',
        '',
        '### 1.2 Search',
        '',
        '## Phase 2: MEDIUM Priority Items (2 items)',
        '',
        '### 2.1 Inode Management',
        '',
        '- [x] **FS-001**: Inodes',
        '- [x] **CACHE-002**: Cache penetration',
        '',
        '## Phase 3: Later (LOW Priority - 0 items)',
        '',
      ].join('\n'),
    );
  });

  it('refuses bad input with one clear line and writes nothing', async () => {
    const file = await tmp.write('plan.md', PLAN);
    const cases: [string[], RegExp][] = [
      [
        ['add', file, '--section', '7.7', 'X'],
        /No section "7.7" in this plan; use a number, key or the start of a heading/,
      ],
      [['add', file, '--section', '1.1', 'X', '--id', 'CACHE-001'], /CACHE-001 is taken/],
      [['add', file, '--section', '1.1', ' '], /The title is empty/],
      [['add-section', file, '--phase', '9', 'X'], /No phase "9"/],
      [['move', file, 'NOPE-001', '--section', '1.1'], /no item NOPE-001/],
      [['add', file, 'X'], /--section or --phase/],
    ];
    for (const [args, message] of cases) {
      const r = await tickmark(args);
      expect(r.code, args.join(' ')).toBeGreaterThan(0);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(await readFile(file, 'utf8')).toBe(PLAN);
    }
  });
});
