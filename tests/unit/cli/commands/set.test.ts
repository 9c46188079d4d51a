import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import { loadPlan } from '../../../../cli/lib/plan-file';
import { replaceFileIfUnchanged } from '../../../../sync/writer';
import { lines, REPAIRED_SEED, tempDir, tickmark } from '../../../helpers/cli';

const tmp = tempDir();

/** Line numbers (1-based) whose text differs; the files must keep their line count. */
function changedLines(before: string, after: string): number[] {
  const a = before.split('\n');
  const b = after.split('\n');
  expect(b.length).toBe(a.length);
  return a.flatMap((line, i) => (line === b[i] ? [] : [i + 1]));
}

// No summary table, no log: a status change is the status character and the ✅ convention, nothing else.
const SMALL =
  '\uFEFF# Plan\r\n\r\n## Tasks  \r\n- [ ] **T-001**: first task\r\n* [X] **T-002**: second task ✅\r\n\t- [ ] nested, no id\r\n';

describe('tickmark set', () => {
  it('changes only the status character and the ✅ marker, keeping BOM, CRLF, bullets and spacing', async () => {
    const file = await tmp.write('small.md', SMALL);
    const r = await tickmark(['set', file, 'T-001', 'done', '--today', '2026-02-01']);
    expect(r.code).toBe(0);
    expect(lines(r.stdout)).toEqual([`${file}:4: set T-001 todo → done (2 edits)`]);
    expect(await readFile(file, 'utf8')).toBe(
      SMALL.replace('- [ ] **T-001**: first task', '- [X] **T-001**: first task ✅'),
    );
    const back = await tickmark(['set', file, 'T-001', 'todo']);
    expect(back.code).toBe(0);
    expect(await readFile(file, 'utf8')).toBe(SMALL);
  });

  it('addresses items by line:N and by key, and sets in-progress and cancelled', async () => {
    const file = await tmp.write('small.md', SMALL);
    expect((await tickmark(['set', file, 'line:5', 'in-progress'])).code).toBe(0);
    expect((await readFile(file, 'utf8')).split('\r\n')[4]).toBe('* [/] **T-002**: second task');
    const json = JSON.parse((await tickmark(['parse', file, '--json'])).stdout) as {
      items: { key: string; id: string | null }[];
    };
    const nested = json.items.find((i) => i.id === null);
    expect(nested).toBeDefined();
    const r = await tickmark(['set', file, nested!.key, 'cancelled']);
    expect(r.code).toBe(0);
    expect((await readFile(file, 'utf8')).split('\r\n')[5]).toBe('\t- [-] nested, no id');
  });

  it('on a plan with bookkeeping, touches only the item, the counts, the dates and its log row', async () => {
    const file = await tmp.copy(REPAIRED_SEED, 'plan.md');
    const before = await readFile(file, 'utf8');
    const r = await tickmark(['set', file, 'CACHE-003', 'todo', '--today', '2026-02-01']);
    expect(r.code).toBe(0);
    const after = await readFile(file, 'utf8');
    const a = before.split('\n');
    const b = after.split('\n');
    expect(b[32]).toBe('- [ ] **CACHE-003**: Cache Breakdown - Hot key expiration, mutex locks');
    for (const n of changedLines(before, after)) {
      const allowed = n === 33 || /^\| |^\*\*(Last Updated|Progress)\*\*|^## Phase \d/.test(a[n - 1]);
      expect(allowed, `line ${n} changed: ${a[n - 1]} → ${b[n - 1]}`).toBe(true);
    }
    const logRow = b.find((l) => l.startsWith('| 2026-01-02 | CACHE-'));
    expect(logRow).toBe(
      '| 2026-01-02 | CACHE-001, CACHE-002, CACHE-004, CACHE-005 | Implemented all 5 caching problem patterns with SVG diagrams |',
    );
    // Every other item line is exactly as it was.
    const items = (text: string) => text.split('\n').filter((l) => /^\s*[-*] \[/.test(l) && !l.includes('CACHE-003'));
    expect(items(after)).toEqual(items(before));
  });

  it('keeps the file mode and writes nothing when the item already has the status', async () => {
    const file = await tmp.copy(REPAIRED_SEED, 'plan.md');
    await chmod(file, 0o600);
    const { mtimeMs, ino } = await stat(file);
    const same = await tickmark(['set', file, 'CACHE-001', 'done']);
    expect(same.code).toBe(0);
    expect(lines(same.stdout)).toEqual([`${file}:31: CACHE-001 is already done; nothing to change`]);
    expect((await stat(file)).mtimeMs).toBe(mtimeMs);
    expect((await stat(file)).ino).toBe(ino);
    expect((await tickmark(['set', file, 'CACHE-001', 'todo'])).code).toBe(0);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('--dry-run prints the edits and writes nothing', async () => {
    const file = await tmp.write('small.md', SMALL);
    const r = await tickmark(['set', file, 'T-001', 'done', '--dry-run']);
    expect(r.code).toBe(0);
    expect(lines(r.stdout)[0]).toBe(`${file}:4: would set T-001 todo → done (2 edits)`);
    expect(lines(r.stdout)[1]).toMatch(/^ {2}@\d+-\d+ " " → "X"$/);
    expect(await readFile(file, 'utf8')).toBe(SMALL);
  });

  it('refuses an unknown item naming close matches, and an unknown status', async () => {
    const file = await tmp.copy(REPAIRED_SEED, 'plan.md');
    const unknown = await tickmark(['set', file, 'CACHE-01', 'done']);
    expect(unknown.code).toBe(1);
    expect(lines(unknown.stderr)).toHaveLength(1);
    expect(unknown.stderr).toMatch(/^tickmark set: no item CACHE-01; close matches: CACHE-0\d\d(, CACHE-0\d\d)*\n$/);
    expect(unknown.stderr).toContain('CACHE-001');
    const far = await tickmark(['set', file, 'line:2', 'done']);
    expect(far.code).toBe(1);
    expect(far.stderr).toBe('tickmark set: no item on line 2\n');
    const status = await tickmark(['set', file, 'CACHE-001', 'finished']);
    expect(status.code).toBe(2);
    expect(lines(status.stderr)[0]).toBe(
      "tickmark set: unknown status 'finished'; use one of todo, in-progress, done, cancelled",
    );
    expect(await readFile(file)).toEqual(await readFile(REPAIRED_SEED));
  });

  // Month 13 has the shape of a date: it was written into the plan as "**Last Updated**: undefined 1, 2026".
  it('refuses a --today that is not a calendar date, and writes nothing', async () => {
    const file = await tmp.copy(REPAIRED_SEED, 'plan.md');
    for (const day of ['2026-13-01', '2026-02-30', '2026-1-5']) {
      const r = await tickmark(['set', file, 'CACHE-001', 'todo', '--today', day]);
      expect(r.code, day).toBe(2);
      expect(lines(r.stderr)[0]).toBe(`tickmark set: --today must be a calendar date as YYYY-MM-DD, not '${day}'`);
    }
    expect(await readFile(file)).toEqual(await readFile(REPAIRED_SEED));
  });

  it('refuses binary, missing and oversized files with one line', async () => {
    const binary = await tmp.write('bin.md', Buffer.from([0x2d, 0x20, 0x5b, 0x00, 0x5d]));
    const r = await tickmark(['set', binary, 'line:1', 'done']);
    expect(r.code).toBe(1);
    expect(lines(r.stderr)).toEqual([
      `tickmark set: ${binary}: looks binary (NUL byte at offset 3, line 1, column 4); a plan must be a text file`,
    ]);
    expect(lines((await tickmark(['set', tmp.path('gone.md'), 'A-1', 'done'])).stderr)).toEqual([
      `tickmark set: ${tmp.path('gone.md')}: no such file`,
    ]);
  });
});

describe('the write-back guard', () => {
  it('refuses to write when the file changed after it was parsed, and keeps the newer text', async () => {
    const file = await tmp.write('small.md', SMALL);
    const plan = await loadPlan(file);
    const edited = SMALL.replace('first task', 'first task, edited in an editor');
    await writeFile(file, edited);
    await expect(replaceFileIfUnchanged(plan.path, SMALL.replace('[ ]', '[X]'), plan.bytes)).rejects.toThrow(
      `${file}: the file changed since it was read; nothing written (try again)`,
    );
    expect(await readFile(file, 'utf8')).toBe(edited);
  });

  it('writes when the file is as it was parsed', async () => {
    const file = await tmp.write('small.md', SMALL);
    const plan = await loadPlan(file);
    await replaceFileIfUnchanged(plan.path, 'new text', plan.bytes);
    expect(await readFile(file, 'utf8')).toBe('new text');
  });
});
