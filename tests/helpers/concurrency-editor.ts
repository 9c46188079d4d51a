// The "person in an editor" of the concurrency test: a separate process that flips the status of its own
// items straight in the file while the engine writes. It saves as carefully as the engine does, with the same
// function (temp file, then a swap that puts back a save it would overwrite, decision 063): a save that checks
// and then renames can itself overwrite a write landing in between. Prints the last status it wrote per item.
import { readFileSync } from 'node:fs';
import { FileMovedError, replaceFileIfUnchanged, sameStamp, stampOf } from '../../sync/writer';

const [file, keysArg, editsArg] = process.argv.slice(2);
const keys = keysArg.split(',');
const edits = Number(editsArg);
const last: Record<string, string> = {};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (let n = 0; n < edits;) {
  await sleep(50 + Math.random() * 200);
  const before = stampOf(file)!;
  const text = readFileSync(file, 'utf8');
  if (!sameStamp(stampOf(file), before)) continue;
  const key = keys[n % keys.length];
  const at = text.indexOf(`**${key}**`);
  const box = text.lastIndexOf('[', at);
  const mark = text[box + 1] === ' ' ? 'x' : ' ';
  try {
    await replaceFileIfUnchanged(file, text.slice(0, box + 1) + mark + text.slice(box + 2), before);
  } catch (error) {
    if (error instanceof FileMovedError) continue; // someone saved meanwhile: read again, like an editor would
    throw error;
  }
  last[key] = mark === 'x' ? 'done' : 'todo';
  n++;
}
process.stdout.write(`${JSON.stringify(last)}\n`);
