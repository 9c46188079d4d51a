import { readFile, stat } from 'node:fs/promises';
import { lines, REPAIRED_SEED, SEED, tempDir, tickmark } from '../../../helpers/cli';

const tmp = tempDir();

describe('tickmark doctor', () => {
  it('reports every mojibake span with line:col and its repair, and leaves the file alone', async () => {
    const file = await tmp.copy(SEED, 'plan.md');
    const r = await tickmark(['doctor', file]);
    expect(r.code).toBe(1);
    const out = lines(r.stdout);
    const findings = out.filter((l) => l.includes(' error mojibake '));
    expect(findings[0]).toBe(`${file}:24:52 error mojibake "ðŸŽ‰" → "🎉"`);
    expect(findings[1]).toBe(`${file}:31:111 error mojibake "âœ…" → "✅"`);
    // One finding per damaged line at least (130 lines hold non-ASCII text, all of it mojibake).
    expect(new Set(findings.map((l) => l.split(':')[1])).size).toBe(130);
    expect(out[out.length - 1]).toBe(
      `${file}: ${findings.length} mojibake spans; run 'tickmark doctor ${file} --fix' to repair`,
    );
    expect(await readFile(file)).toEqual(await readFile(SEED));
  });

  it('--fix turns the seed into the correctly encoded original, byte for byte, keeping the file mode', async () => {
    const file = await tmp.copy(SEED, 'plan.md');
    const modeBefore = (await stat(file)).mode;
    const r = await tickmark(['doctor', file, '--fix']);
    expect(r.code).toBe(0);
    expect(lines(r.stdout).at(-1)).toMatch(new RegExp(`^${file}: repaired \\d+ mojibake spans$`));
    expect((await readFile(file)).equals(await readFile(REPAIRED_SEED))).toBe(true);
    expect((await stat(file)).mode).toBe(modeBefore);
    const again = await tickmark(['doctor', file]);
    expect(again.code).toBe(0);
    expect(lines(again.stdout)).toEqual([`${file}: no encoding damage found`]);
  });

  it('reports a BOM and CRLF as information, and repairs mojibake without touching either', async () => {
    const file = await tmp.write('crlf.md', '\uFEFF# Plan\r\n- [x] **A-001**: done âœ…\r\n- [ ] **A-002**: café\r\n');
    const r = await tickmark(['doctor', file]);
    expect(r.code).toBe(1);
    expect(lines(r.stdout)).toEqual([
      `${file}:1:1 info bom starts with a UTF-8 byte order mark (kept as it is)`,
      `${file}:1:1 info line-endings CRLF line endings (3 lines; kept as they are)`,
      `${file}:2:23 error mojibake "âœ…" → "✅"`,
      `${file}: 1 mojibake span; run 'tickmark doctor ${file} --fix' to repair`,
    ]);
    expect((await tickmark(['doctor', file, '--fix'])).code).toBe(0);
    expect(await readFile(file, 'utf8')).toBe('\uFEFF# Plan\r\n- [x] **A-001**: done ✅\r\n- [ ] **A-002**: café\r\n');
  });

  it('warns about mixed line endings at the first line of the rarer kind', async () => {
    const file = await tmp.write('mixed.md', '# Plan\r\n- [ ] a\r\n- [ ] b\n- [ ] c\r\n');
    const r = await tickmark(['doctor', file]);
    expect(r.code).toBe(1);
    expect(lines(r.stdout)[0]).toBe(
      `${file}:3:8 warning line-endings mixed line endings: 3 CRLF and 1 LF; first of the fewer here`,
    );
  });

  it('flags U+FFFD replacement characters as damage it cannot repair', async () => {
    const file = await tmp.write('lost.md', '# Plan\n- [ ] caf\uFFFD au lait\n');
    const r = await tickmark(['doctor', file, '--fix']);
    expect(r.code).toBe(1);
    expect(lines(r.stdout)[0]).toMatch(new RegExp(`^${file}:2:10 error replacement U\\+FFFD`));
    expect(await readFile(file, 'utf8')).toBe('# Plan\n- [ ] caf\uFFFD au lait\n');
  });

  it('refuses a file that is not UTF-8, saying where and that it cannot guess the encoding', async () => {
    const file = await tmp.write('latin1.md', Buffer.from([0x23, 0x20, 0x43, 0x61, 0x66, 0xe9, 0x0a]));
    const r = await tickmark(['doctor', file, '--fix']);
    expect(r.code).toBe(1);
    expect(lines(r.stderr)).toEqual([
      `tickmark doctor: ${file}: is not valid UTF-8 (byte 0xe9 at offset 5, line 1, column 6); re-save it as UTF-8 in your editor (\`tickmark doctor\` repairs mojibake but cannot guess another encoding)`,
    ]);
  });
});
