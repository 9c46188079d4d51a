// The "person in an editor" of the concurrency test: a separate process that flips the status of its own
// items straight in the file while the engine writes, saving the way careful editors do (temp file + rename,
// and only if the file did not change since it was read). Prints the last status it wrote for each item.
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';

const [file, keysArg, editsArg] = process.argv.slice(2);
const keys = keysArg.split(',');
const edits = Number(editsArg);
const last: Record<string, string> = {};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const stamp = () => {
  const s = statSync(file, { bigint: true });
  return `${s.ino}:${s.size}:${s.mtimeNs}`;
};

for (let n = 0; n < edits;) {
  await sleep(50 + Math.random() * 200);
  const before = stamp();
  const text = readFileSync(file, 'utf8');
  if (stamp() !== before) continue;
  const key = keys[n % keys.length];
  const at = text.indexOf(`**${key}**`);
  const box = text.lastIndexOf('[', at);
  const mark = text[box + 1] === ' ' ? 'x' : ' ';
  const next = text.slice(0, box + 1) + mark + text.slice(box + 2);
  const temp = `${file}.editor-${process.pid}.tmp`;
  writeFileSync(temp, next);
  if (stamp() !== before) continue; // someone saved meanwhile: read again, like an editor's "file changed on disk"
  renameSync(temp, file);
  last[key] = mark === 'x' ? 'done' : 'todo';
  n++;
}
process.stdout.write(`${JSON.stringify(last)}\n`);
