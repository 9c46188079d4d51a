import { truncate } from 'node:fs/promises';
import { lines, REPAIRED_SEED, SEED, tempDir, tickmark } from '../../../helpers/cli';

const tmp = tempDir();
const LINE = /^(.+):(\d+):(\d+) (error|warning|info) ([a-z0-9-]+) (\S.*)$/;

describe('tickmark lint', () => {
  it('prints file:line:col severity code message in line order; warnings alone exit 0', async () => {
    const r = await tickmark(['lint', SEED]);
    expect(r.code).toBe(0);
    const out = lines(r.stdout);
    const parsed = out.map((l) => LINE.exec(l));
    expect(parsed.every((m) => m !== null && m[1] === SEED)).toBe(true);
    const positions = parsed.map((m) => Number(m![2]) * 1e6 + Number(m![3]));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    const codes = parsed.map((m) => `${m![4]} ${m![5]}`);
    expect(codes).toContain('warning count-mismatch');
    expect(codes).toContain('warning duplicate-section');
    expect(codes).toContain('warning mojibake');
    expect(lines(r.stderr)).toEqual([`0 errors, ${out.length} warnings in 1 file`]);
  });

  it('exits 1 when a file has an error, pointing at it', async () => {
    const file = await tmp.write('dup.md', '# Plan\n\n## Tasks\n- [ ] **T-001**: write it\n- [ ] **T-001**: test it\n');
    const r = await tickmark(['lint', file]);
    expect(r.code).toBe(1);
    const errors = lines(r.stdout).filter((l) => LINE.exec(l)?.[4] === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(new RegExp(`^${file}:5:7 error duplicate-id T-001 `));
  });

  it('exits 0 on a plan without errors, and --quiet keeps only errors', async () => {
    const file = await tmp.write(
      'clean.md',
      '# Plan\n\n## Tasks\n- [ ] **T-001**: write it\n- [ ] **T-002**: test it\n',
    );
    const r = await tickmark(['lint', file]);
    expect(r.stdout.split('\n').filter((l) => / error /.test(l))).toEqual([]);
    expect(r.code).toBe(0);
    const quiet = await tickmark(['lint', '--quiet', SEED]);
    expect(lines(quiet.stdout).every((l) => LINE.exec(l)?.[4] === 'error')).toBe(true);
  });

  it('lints every file given; an unreadable one gets one line and exit 1, the others still get linted', async () => {
    const huge = await tmp.write('huge.md', '');
    await truncate(huge, 20 * 1024 * 1024 + 5);
    const r = await tickmark(['lint', REPAIRED_SEED, tmp.path('missing.md'), huge]);
    expect(r.code).toBe(1);
    expect(lines(r.stdout).every((l) => l.startsWith(`${REPAIRED_SEED}:`))).toBe(true);
    expect(lines(r.stdout).length).toBeGreaterThan(0);
    const err = lines(r.stderr);
    expect(err).toContain(`${tmp.path('missing.md')}: no such file`);
    expect(err).toContain(`${huge}: is 20,971,525 bytes, over the 20 MB limit for plan files`);
    expect(err.at(-1)).toMatch(/, 2 unreadable in 3 files$/);
  });
});
