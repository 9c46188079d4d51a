// Applied by `npm install` / `npm ci` (package.json postinstall): two guards for postgres.js 3.4.9 around a
// connection whose backend went away. See docs/decisions/013-postgres-null-socket-guard.md.
// 1. porsager/postgres#1208: `nextWrite` calls `socket.write` on null from a setImmediate (an uncaught TypeError
//    that kills the process). The guard proposed upstream in porsager/postgres#1209: settle the pending queries
//    with CONNECTION_CLOSED instead (dropping the write alone would leave the query awaited forever).
// 2. porsager/postgres#1186, #1216: a closed connection strands queries. `closed()` settles what was sent (not
//    after a socket error) but keeps the old `query`, `errorResponse` and write timer, so the reconnect takes its
//    startup error for the old query's (and reconnects forever while the database refuses connections) or never
//    writes; and a transaction's own queue is never settled. As upstream's porsager/postgres#1215 proposes: settle
//    what was sent, then forget that state; reject the transaction's queued and later queries (its commit or
//    rollback too) with the close error.
// Idempotent (each guard has its marker); fails the install when postgres is not the version this was written
// for or a text to replace is not there.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// POSTGRES_PACKAGE_DIR: another copy to patch (used to check the script on a pristine package).
const pkgDir = process.env.POSTGRES_PACKAGE_DIR ?? path.join(root, 'node_modules/postgres');

const NULL_SOCKET = 'tickmark: porsager/postgres#1208';
const STRANDED = 'tickmark: porsager/postgres#1186';
const DIRS = ['src', 'cjs/src', 'cf/src'];

/** Each guard: its marker, the file it patches (in each of DIRS) and the exact texts it replaces. */
const GUARDS = [
  {
    mark: NULL_SOCKET,
    file: 'connection.js',
    edits: [
      [
        '  function nextWrite(fn) {\n    const x = socket.write(chunk, fn)',
        `  function nextWrite(fn) {
    if (socket === null) { // ${NULL_SOCKET}
      nextWriteTimer !== null && clearImmediate(nextWriteTimer)
      chunk = nextWriteTimer = null
      error(Errors.connection('CONNECTION_CLOSED', options))
      return false
    }
    const x = socket.write(chunk, fn)`,
      ],
    ],
  },
  {
    mark: STRANDED,
    file: 'connection.js',
    edits: [
      [
        `    socket = null

    if (initial)
      return reconnect()

    !hadError && (query || sent.length) && error(Errors.connection('CONNECTION_CLOSED', options, socket))
`,
        `    socket = null

    !initial && (query || sent.length) && error(Errors.connection('CONNECTION_CLOSED', options, socket))
    query = results = errorResponse = chunk = nextWriteTimer = null // ${STRANDED}
    result = new Result()
    rows = 0

    if (initial)
      return reconnect()
`,
      ],
    ],
  },
  {
    mark: STRANDED,
    file: 'index.js',
    edits: [
      ['    let savepoints = 0\n', `    let savepoints = 0\n      , closedError = null // ${STRANDED}\n`],
      [
        '        new Promise((_, reject) => connection.onclose = reject)\n',
        `        new Promise((_, reject) => connection.onclose = e => {
          closedError = e
          while (queries.length)
            queries.shift().reject(e)
          reject(e)
        })
`,
      ],
      [
        `        q.catch(e => uncaughtError || (uncaughtError = e))
        c.queue === full
          ? queries.push(q)
          : c.execute(q) || move(c, full)
`,
        `        q.catch(e => uncaughtError || (uncaughtError = e))
        closedError
          ? q.reject(closedError)
          : c.queue === full
            ? queries.push(q)
            : c.execute(q) || move(c, full)
`,
      ],
    ],
  },
];

if (!existsSync(pkgDir)) process.exit(0); // installed without postgres (nothing to patch)
const version = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;
if (version !== '3.4.9') {
  console.error(
    `scripts/patch-postgres.mjs: written for postgres 3.4.9, found ${version}; check whether it still needs the guards`,
  );
  process.exit(1);
}
for (const dir of DIRS) {
  for (const name of new Set(GUARDS.map((g) => g.file))) {
    const rel = `${dir}/${name}`;
    const file = path.join(pkgDir, rel);
    if (!existsSync(file)) continue;
    const original = readFileSync(file, 'utf8');
    let text = original;
    for (const guard of GUARDS.filter((g) => g.file === name)) {
      if (text.includes(guard.mark)) continue;
      for (const [before, after] of guard.edits) {
        if (text.split(before).length !== 2) {
          console.error(`scripts/patch-postgres.mjs: ${rel} does not contain the expected text once; not patched`);
          console.error(before);
          process.exit(1);
        }
        text = text.replace(before, () => after);
      }
    }
    if (text === original) continue;
    // A new file renamed over the old one: node_modules may be hard-linked to other checkouts.
    writeFileSync(`${file}.tmp`, text);
    renameSync(`${file}.tmp`, file);
  }
}
