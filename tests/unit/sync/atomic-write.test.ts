import { readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { chmod, lstat, mkdir, mkdtemp, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../../../sync/atomic-write';
import { FileMovedError, replaceFileIfUnchanged, sameStamp, stampOf, type FileStamp } from '../../../sync/writer';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tickmark-atomic-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('replaces the content of an existing file and leaves no temp file behind', async () => {
    const file = join(dir, 'plan.md');
    await writeFile(file, '- [ ] old\n');
    await writeFileAtomic(file, '- [x] new\n');
    expect(await readFile(file, 'utf8')).toBe('- [x] new\n');
    expect(await readdir(dir)).toEqual(['plan.md']);
  });

  it('writes bytes exactly (BOM, CRLF, non-ASCII) from a string or a Uint8Array', async () => {
    const file = join(dir, 'plan.md');
    const text = '\uFEFF# Plan\r\n- [x] ✅ done\r\n';
    await writeFileAtomic(file, text);
    expect(await readFile(file)).toEqual(Buffer.from(text, 'utf8'));
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, 0x41, 0x0d, 0x0a]);
    await writeFileAtomic(file, bytes);
    expect(new Uint8Array(await readFile(file))).toEqual(bytes);
  });

  it('keeps the permission bits of the file it replaces', async () => {
    const file = join(dir, 'plan.md');
    await writeFile(file, 'a');
    await chmod(file, 0o640);
    await writeFileAtomic(file, 'b');
    expect((await stat(file)).mode & 0o777).toBe(0o640);
    await chmod(file, 0o755);
    await writeFileAtomic(file, 'c');
    expect((await stat(file)).mode & 0o777).toBe(0o755);
  });

  it('replaces the file by rename: a reader holding the old inode still sees the old bytes', async () => {
    const file = join(dir, 'plan.md');
    await writeFile(file, 'old');
    const before = (await stat(file)).ino;
    await writeFileAtomic(file, 'new');
    expect((await stat(file)).ino).not.toBe(before);
  });

  it('writes through a symlink, keeping the link and replacing the file it points to', async () => {
    await mkdir(join(dir, 'docs'));
    const real = join(dir, 'docs', 'plan.md');
    const link = join(dir, 'plan.md');
    await writeFile(real, 'old');
    await symlink('docs/plan.md', link);
    await writeFileAtomic(link, 'new');
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readFile(real, 'utf8')).toBe('new');
    expect((await readdir(join(dir, 'docs'))).sort()).toEqual(['plan.md']);
  });

  it('creates a file that does not exist yet', async () => {
    const file = join(dir, 'new.md');
    await writeFileAtomic(file, 'x');
    expect(await readFile(file, 'utf8')).toBe('x');
  });

  it('removes its temp file and rejects when the rename fails, leaving the target untouched', async () => {
    // A directory in the target's place: the temp file is written, the rename fails.
    const target = join(dir, 'plan.md');
    await mkdir(target);
    await writeFile(join(target, 'inside.txt'), 'keep');
    await expect(writeFileAtomic(target, 'data')).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['plan.md']);
    expect(await readFile(join(target, 'inside.txt'), 'utf8')).toBe('keep');
  });

  it('rejects when the folder does not exist, creating nothing', async () => {
    await expect(writeFileAtomic(join(dir, 'missing', 'plan.md'), 'x')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readdir(dir)).toEqual([]);
  });

  it('leaves one whole version when writes race', async () => {
    const file = join(dir, 'plan.md');
    const versions = Array.from({ length: 20 }, (_, i) => `${String(i).repeat(10_000)}\n`);
    await Promise.all(versions.map((v) => writeFileAtomic(file, v)));
    expect(versions).toContain(await readFile(file, 'utf8'));
    expect(await readdir(dir)).toEqual(['plan.md']);
  });
});

describe('writeFileAtomic beforeRename', () => {
  it('runs after the temp file is complete and before the target changes; throwing cancels the write', async () => {
    const file = join(dir, 'plan.md');
    await writeFile(file, 'old');
    let seen: { target: string; entries: string[] } | undefined;
    await writeFileAtomic(file, 'new', {
      beforeRename: () => {
        seen = { target: readFileSync(file, 'utf8'), entries: readdirSync(dir).sort() };
      },
    });
    expect(seen?.target).toBe('old');
    expect(seen?.entries).toHaveLength(2);
    expect(await readFile(file, 'utf8')).toBe('new');

    await expect(
      writeFileAtomic(file, 'newer', {
        beforeRename: () => {
          throw new Error('moved');
        },
      }),
    ).rejects.toThrow('moved');
    expect(await readFile(file, 'utf8')).toBe('new');
    expect(await readdir(dir)).toEqual(['plan.md']);
  });
});

describe('writeFileAtomic durableFirst', () => {
  it('renames only after it is done; when it fails the target is left as it was and no temp file stays', async () => {
    const file = join(dir, 'plan.md');
    await writeFile(file, 'old');
    let finish!: () => void;
    const pending = new Promise<void>((resolve) => (finish = resolve));
    const writing = writeFileAtomic(file, 'new', { durableFirst: pending });
    await new Promise((r) => setTimeout(r, 50));
    expect(await readFile(file, 'utf8')).toBe('old'); // the temp file is written, the rename waits
    finish();
    await writing;
    expect(await readFile(file, 'utf8')).toBe('new');

    await expect(
      writeFileAtomic(file, 'newer', { durableFirst: Promise.reject(new Error('intent failed')) }),
    ).rejects.toThrow('intent failed');
    expect(await readFile(file, 'utf8')).toBe('new');
    expect(await readdir(dir)).toEqual(['plan.md']);
  });
});

// An editor's save is a temp file renamed over the plan; here it lands at the worst moments a write has.
function editorSaves(file: string, text: string): void {
  writeFileSync(`${file}.editor`, text);
  renameSync(`${file}.editor`, file);
}

/** The engine's check of the file a swap displaced: the one it read, or refuse. */
function refuseUnless(stamp: FileStamp, file: string): (displaced: string) => void {
  return (displaced) => {
    if (!sameStamp(stampOf(displaced), stamp)) throw new FileMovedError(file);
  };
}

describe('writeFileAtomic displaced (decision 063)', () => {
  it('puts back a save that lands between its check and its swap, and writes nothing', async () => {
    const file = join(dir, 'plan.md');
    await writeFile(file, 'read');
    const stamp = stampOf(file)!;
    await expect(
      writeFileAtomic(file, 'ours', {
        beforeRename: () => {
          expect(sameStamp(stampOf(file), stamp)).toBe(true); // the check passes...
          editorSaves(file, 'editor'); // ...and the save comes right after it
        },
        displaced: refuseUnless(stamp, file),
      }),
    ).rejects.toBeInstanceOf(FileMovedError);
    expect(await readFile(file, 'utf8')).toBe('editor');
    expect(await readdir(dir)).toEqual(['plan.md']);
  });

  it('leaves a plan deleted between its check and its swap deleted', async () => {
    const file = join(dir, 'plan.md');
    await writeFile(file, 'read');
    const stamp = stampOf(file)!;
    await expect(
      writeFileAtomic(file, 'ours', {
        beforeRename: () => rmSync(file),
        displaced: refuseUnless(stamp, file),
      }),
    ).rejects.toBeInstanceOf(FileMovedError);
    expect(await readdir(dir)).toEqual([]);
  });

  it('keeps a second save, made over its file in the moment it stood, as a conflict copy', async () => {
    const file = join(dir, 'plan.md');
    await writeFile(file, 'read');
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      await expect(
        writeFileAtomic(file, 'ours', {
          beforeRename: () => editorSaves(file, 'first save'),
          displaced: () => {
            editorSaves(file, 'second save, over ours');
            throw new FileMovedError(file);
          },
        }),
      ).rejects.toBeInstanceOf(FileMovedError);
      await new Promise((r) => setImmediate(r)); // warnings are emitted on the next tick
    } finally {
      process.off('warning', onWarning);
    }
    expect(await readFile(file, 'utf8')).toBe('first save');
    const copies = (await readdir(dir)).filter((n) => n !== 'plan.md');
    expect(copies).toEqual([expect.stringMatching(/^plan\.md\.conflict-/)]);
    expect(await readFile(join(dir, copies[0]), 'utf8')).toBe('second save, over ours');
    expect(warnings).toEqual([expect.stringContaining(copies[0])]);
  });
});

describe('replaceFileIfUnchanged', () => {
  it('writes over the file it read, stamp or bytes, and returns the stamp of what it wrote', async () => {
    const file = join(dir, 'plan.md');
    await writeFile(file, 'read');
    const written = await replaceFileIfUnchanged(file, 'ours', stampOf(file)!);
    expect(await readFile(file, 'utf8')).toBe('ours');
    expect(sameStamp(stampOf(file), written)).toBe(true);
    await replaceFileIfUnchanged(file, 'again', Buffer.from('ours'));
    await expect(replaceFileIfUnchanged(file, 'stale', Buffer.from('ours'))).rejects.toBeInstanceOf(FileMovedError);
    expect(await readFile(file, 'utf8')).toBe('again');
    expect(await readdir(dir)).toEqual(['plan.md']);
  });
});

describe('writeFileAtomic exclusive', () => {
  it('refuses a file that appears before the rename and leaves it as it was', async () => {
    const file = join(dir, 'new.md');
    await expect(
      writeFileAtomic(file, 'generated', { exclusive: true, beforeRename: () => writeFileSync(file, 'someone else') }),
    ).rejects.toMatchObject({ code: 'EEXIST' });
    expect(await readFile(file, 'utf8')).toBe('someone else');
    expect(await readdir(dir)).toEqual(['new.md']);
    await writeFileAtomic(join(dir, 'other.md'), 'generated', { exclusive: true });
    expect(await readFile(join(dir, 'other.md'), 'utf8')).toBe('generated');
  });
});
