import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  firstInvalidUtf8,
  hashPlanFile,
  MAX_PLAN_BYTES,
  PlanFileError,
  readPlanFile,
  readPlanText,
} from '../../../sync/read-plan-file';
import { hashBytes } from '../../../sync/hash';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tickmark-read-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function fileWithSync(bytes: Buffer | string, name = 'sync.md'): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

async function fileWith(bytes: Buffer | string, name = 'plan.md'): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return path;
}

describe('readPlanFile', () => {
  it('keeps the BOM and CRLF so the string round-trips to the same bytes', async () => {
    const bytes = Buffer.from('\uFEFF# Plan\r\n- [x] **A-1**: done ✅\r\n', 'utf8');
    const { source, bytes: read } = await readPlanFile(await fileWith(bytes));
    expect(source.charCodeAt(0)).toBe(0xfeff);
    expect(source).toContain('\r\n');
    expect(Buffer.from(source, 'utf8').equals(bytes)).toBe(true);
    expect(read.equals(bytes)).toBe(true);
  });

  it('reads mojibake (valid UTF-8 of the wrong characters) as it is', async () => {
    const { source } = await readPlanFile(await fileWith('- [x] done âœ…\n'));
    expect(source).toBe('- [x] done âœ…\n');
  });

  it('refuses a missing file with one line naming it', async () => {
    const path = join(dir, 'nope.md');
    const error = await readPlanFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlanFileError);
    expect((error as Error).message).toBe(`${path}: no such file`);
  });

  it('refuses a directory', async () => {
    await expect(readPlanFile(dir)).rejects.toThrow(`${dir}: is a directory, not a plan file`);
  });

  it('refuses a binary file, saying where the NUL byte is', async () => {
    const path = await fileWith(Buffer.from([0x23, 0x20, 0x41, 0x0a, 0x42, 0x00, 0x43]));
    await expect(readPlanFile(path)).rejects.toThrow(/looks binary \(NUL byte at offset 5, line 2, column 2\)/);
  });

  it('refuses UTF-16 with a hint to save as UTF-8', async () => {
    const path = await fileWith(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('# Plan\n', 'utf16le')]));
    await expect(readPlanFile(path)).rejects.toThrow(/UTF-16 .*save it as UTF-8/);
  });

  it('refuses invalid UTF-8 naming the byte, offset and line, and says doctor cannot guess the encoding', async () => {
    // Windows-1252 "é" (0xE9) on line 3.
    const bytes = Buffer.concat([
      Buffer.from('# Plan\n- [ ] one\n- [ ] caf', 'utf8'),
      Buffer.from([0xe9]),
      Buffer.from('\n'),
    ]);
    const error = (await readPlanFile(await fileWith(bytes)).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(PlanFileError);
    expect(error.message).toContain('is not valid UTF-8 (byte 0xe9 at offset 26, line 3, column 10)');
    expect(error.message).toContain('`tickmark doctor` repairs mojibake but cannot guess another encoding');
    expect(error.message).not.toContain('\n');
  });

  it('refuses a file over the size limit before reading it, naming the limit', async () => {
    const path = await fileWith('');
    await truncate(path, MAX_PLAN_BYTES + 1); // sparse: no 20 MB written
    await expect(readPlanFile(path)).rejects.toThrow(
      `${path}: is 20,971,521 bytes, over the 20 MB limit for plan files`,
    );
    await expect(readPlanFile(await fileWith('12345', 'small.md'), { maxBytes: 4 })).rejects.toThrow(
      'is 5 bytes, over the 4 bytes limit',
    );
  });
});

describe('readPlanText', () => {
  it('reads each file whole and alone through its reused buffer, larger and smaller ones in turn', async () => {
    // The import's read (decision 057): one buffer for every read, so a shorter file after a longer one must
    // not carry the longer one's tail, and a longer one must grow it.
    for (const text of [
      '# A\n- [ ] **A-1**: one ✅\n',
      '\uFEFF# B\r\n' + '- [x] **B-1**: two\r\n'.repeat(5000),
      '# C\n',
    ]) {
      const path = await fileWith(text);
      const bytes = Buffer.from(text, 'utf8');
      expect(readPlanText(path)).toEqual({ source: text, hash: hashBytes(bytes), size: bytes.length, bytes });
      expect(hashPlanFile(path)).toBe(hashBytes(bytes));
    }
  });

  it('refuses what readPlanFile refuses', async () => {
    expect(() => readPlanText(join(dir, 'nope.md'))).toThrow(PlanFileError);
    expect(() => readPlanText(dir)).toThrow('is a directory, not a plan file');
    expect(() => readPlanText(fileWithSync(Buffer.from([0x61, 0x00])))).toThrow(/looks binary/);
    expect(() => readPlanText(fileWithSync('12345'), { maxBytes: 4 })).toThrow('is 5 bytes, over the 4 bytes limit');
  });
});

describe('firstInvalidUtf8', () => {
  const at = (...bytes: number[]) => firstInvalidUtf8(new Uint8Array(bytes));
  it('accepts well-formed sequences of every length', () => {
    expect(firstInvalidUtf8(Buffer.from('aé✅😀', 'utf8'))).toBe(-1);
  });
  it('finds stray continuations, overlongs, surrogates, out-of-range and truncated sequences', () => {
    expect(at(0x61, 0x80)).toBe(1);
    expect(at(0xc0, 0x80)).toBe(0);
    expect(at(0xe0, 0x80, 0x80)).toBe(0);
    expect(at(0x61, 0xed, 0xa0, 0x80)).toBe(1);
    expect(at(0xf4, 0x90, 0x80, 0x80)).toBe(0);
    expect(at(0xf5, 0x80, 0x80, 0x80)).toBe(0);
    expect(at(0x61, 0x62, 0xe2, 0x9c)).toBe(2);
  });
});
