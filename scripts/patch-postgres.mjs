// Applied by `npm install` / `npm ci` (package.json postinstall): postgres.js 3.4.9 crashes the process when a
// query is written on a connection whose backend just went away (`nextWrite` calls `socket.write` on null from a
// setImmediate: an uncaught TypeError, porsager/postgres#1208). This adds the guard proposed upstream in
// porsager/postgres#1209: settle the pending queries with CONNECTION_CLOSED instead of crashing (dropping the write
// alone would leave the query awaited forever). See docs/decisions/013-postgres-null-socket-guard.md.
// Idempotent; fails the install when postgres is not the version this patch was written for.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkgDir = path.join(root, 'node_modules/postgres');
const MARK = 'tickmark: porsager/postgres#1208';
const BEFORE = '  function nextWrite(fn) {\n    const x = socket.write(chunk, fn)';
const AFTER = `  function nextWrite(fn) {
    if (socket === null) { // ${MARK}
      nextWriteTimer !== null && clearImmediate(nextWriteTimer)
      chunk = nextWriteTimer = null
      error(Errors.connection('CONNECTION_CLOSED', options))
      return false
    }
    const x = socket.write(chunk, fn)`;

if (!existsSync(pkgDir)) process.exit(0); // installed without postgres (nothing to patch)
const version = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;
if (version !== '3.4.9') {
  console.error(
    `scripts/patch-postgres.mjs: written for postgres 3.4.9, found ${version}; check whether it still needs the guard`,
  );
  process.exit(1);
}
for (const rel of ['src/connection.js', 'cjs/src/connection.js', 'cf/src/connection.js']) {
  const file = path.join(pkgDir, rel);
  if (!existsSync(file)) continue;
  const text = readFileSync(file, 'utf8');
  if (text.includes(MARK)) continue;
  if (!text.includes(BEFORE)) {
    console.error(`scripts/patch-postgres.mjs: ${rel} does not contain the expected nextWrite; not patched`);
    process.exit(1);
  }
  // A new file renamed over the old one: node_modules may be hard-linked to other checkouts.
  writeFileSync(`${file}.tmp`, text.replace(BEFORE, AFTER));
  renameSync(`${file}.tmp`, file);
}
