import { createTempFile, discardCreated, type TempFile, type WriteTarget } from '../atomic-write';
import { createIntentFile, removeIntent, writeIntent, type Intent, type IntentFile } from '../recover';
import { writableTargetOf } from '../write-target';
import { replaceFileIfUnchanged, type FileStamp } from '../writer';
import { crashPoint } from './crash-points';
import { type WriteProgress } from './types';

/** The files a write of a plan makes (its new file, as a temp file, and the intent). */
export interface PreparedFiles {
  temp: TempFile;
  intent: IntentFile;
}

/**
 * Those files, created in the thread pool ahead of the write: creating a file costs 0.2-0.7 ms on this VM's ext4,
 * which a tick spends reading and computing meanwhile (decision 066). `take` them for writeWithIntent, or they
 * are removed by `discardUnlessTaken`.
 */
export class FilesAhead {
  #taken = false;

  private constructor(private readonly files: PreparedFiles) {}

  /** Starts creating the files to write `file`; null when it may not be written (writableTarget), which the
   * write itself then says in its turn. */
  static create(file: string, plansDir: string | undefined): FilesAhead | null {
    let target: WriteTarget;
    try {
      target = writableTargetOf(file, plansDir);
    } catch {
      return null;
    }
    return new FilesAhead({ temp: createTempFile(target), intent: createIntentFile(file) });
  }

  /** The file the write replaces (a symlink resolved). */
  get target(): string {
    return this.files.temp.target;
  }

  /** The files once both are created (or failed to be: the write says so). */
  async take(): Promise<PreparedFiles> {
    this.#taken = true;
    await Promise.allSettled([this.files.temp.fd, this.files.intent.fd]);
    return this.files;
  }

  /** Removes the files unless taken; resolves once they are gone, so a refused tick leaves nothing behind. */
  async discardUnlessTaken(): Promise<void> {
    if (this.#taken) return;
    await Promise.all([discardCreated(this.files.temp), discardCreated(this.files.intent)]);
  }
}

/** `write` with the files made ahead for `file` (null when it may not be written); they are removed, awaited,
 * unless it took them, so a write that ends without writing leaves nothing beside the plan. */
export async function withFilesAhead<T>(
  file: string,
  plansDir: string | undefined,
  write: (ahead: FilesAhead | null) => Promise<T>,
): Promise<T> {
  const ahead = FilesAhead.create(file, plansDir);
  try {
    return await write(ahead);
  } finally {
    await ahead?.discardUnlessTaken();
  }
}

/** Replaces the plan file (at `target`, where a symlink leads) with `bytes` (refused when it moved since `stamp`)
 * while the crash intent beside `file` is written; returns the intent's path, to remove after the commit, and
 * the stamp of the file written (model-cache.ts: the next change knows these bytes without reading them). The
 * intent may still be coming (the tick hashes the new bytes in the thread pool). `files`, made beforehand for
 * the same target, are used when given. */
export async function writeWithIntent(
  file: string,
  target: string,
  bytes: Buffer,
  stamp: FileStamp,
  progress: WriteProgress,
  intent: Intent | Promise<Intent>,
  files?: PreparedFiles,
): Promise<{ intentPath: string; written: FileStamp }> {
  const intentWritten = writeIntent(file, intent, files?.intent);
  let written: FileStamp;
  try {
    written = await replaceFileIfUnchanged(
      target,
      bytes,
      stamp,
      intentWritten.then(() => crashPoint('after-intent')),
      files?.temp,
    );
  } catch (error) {
    await intentWritten.then(removeIntent, () => {}); // nothing was written
    throw error;
  }
  const intentPath = await intentWritten;
  progress.fileWritten = true;
  crashPoint('after-file-write');
  return { intentPath, written };
}
