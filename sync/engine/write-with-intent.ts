import { removeIntent, writeIntent, type Intent } from '../recover';
import { replaceFileIfUnchanged, type FileStamp } from '../writer';
import { crashPoint } from './crash-points';
import { type WriteProgress } from './types';

/** Replaces the plan file (at `target`, where a symlink leads) with `bytes` (refused when it moved since `stamp`)
 * while the crash intent beside `file` is written; returns the intent's path, to remove after the commit, and
 * the stamp of the file written (model-cache.ts: the next change knows these bytes without reading them). The
 * intent may still be coming (the tick hashes the new bytes in the thread pool). */
export async function writeWithIntent(
  file: string,
  target: string,
  bytes: Buffer,
  stamp: FileStamp,
  progress: WriteProgress,
  intent: Intent | Promise<Intent>,
): Promise<{ intentPath: string; written: FileStamp }> {
  const intentWritten = writeIntent(file, intent);
  let written: FileStamp;
  try {
    written = await replaceFileIfUnchanged(
      target,
      bytes,
      stamp,
      intentWritten.then(() => crashPoint('after-intent')),
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
