// `npm run bench [filter…]`: runs every tests/bench/*.bench.ts in name order (or those whose names contain
// a filter), each in its own Node process so peak memory belongs to one benchmark. Each prints its own table.
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { CHILD_NODE_ARGS } from './lib/child';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const filters = process.argv.slice(2);
const files = (await readdir(benchDir))
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !filters.length || filters.some((flt) => f.includes(flt)))
  .sort();

if (!files.length) {
  process.stderr.write(`no benchmark in tests/bench matches ${filters.join(', ') || '*.bench.ts'}\n`);
  process.exit(2);
}

const failed: string[] = [];
for (const file of files) {
  process.stdout.write(`\n== ${file}\n`);
  const started = Date.now();
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, [...CHILD_NODE_ARGS, `${benchDir}${file}`], { stdio: 'inherit' });
    child.on('close', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
  });
  process.stdout.write(`(${file}: ${((Date.now() - started) / 1000).toFixed(1)} s${code ? `, exit ${code}` : ''})\n`);
  if (code) failed.push(file);
}
if (failed.length) {
  process.stderr.write(`failed: ${failed.join(', ')}\n`);
  process.exit(1);
}
