import { removeIntent, writeIntent, type Intent } from '../recover';
import { replaceFileIfUnchanged, type FileStamp } from '../writer';
import { crashPoint } from './crash-points';
import { type WriteProgress } from './types';

/** Replaces the plan file (at `target`, where a symlink leads) with `bytes` (refused when it moved since `stamp`)
 * while the crash intent beside `file` is written; returns the intent's path, to remove after the commit. */
export async function writeWithIntent(
  file: string,
  target: string,
  bytes: Buffer,
  stamp: FileStamp,
  progress: WriteProgress,
  intent: Intent,
): Promise<string> {
  const written = writeIntent(file, intent);
  try {
    await replaceFileIfUnchanged(
      target,
      bytes,
      stamp,
      written.then(() => crashPoint('after-intent')),
    );
  } catch (error) {
    await written.then(removeIntent, () => {}); // nothing was written
    throw error;
  }
  const path = await written;
  progress.fileWritten = true;
  crashPoint('after-file-write');
  return path;
}
