// A second (and third) server process for tests/db/concurrency-processes.test.ts: random status changes to
// one plan through the engine, on the shared PostgreSQL database. Prints each change's resulting version.
import path from 'node:path';
import { closeDb, getDb } from '../../db/client';
import { setStatus } from '../../sync/engine';
import type { Status } from '../../parser/index';

const [file, planId, keysArg, countArg, writersArg] = process.argv.slice(2);
const keys = keysArg.split(',');
const statuses: Status[] = ['todo', 'in-progress', 'done', 'cancelled'];
const db = await getDb();
const out: { key: string; status: Status; version: number; moved: boolean; restored: boolean }[] = [];
await Promise.all(
  Array.from({ length: Number(writersArg) }, async () => {
    for (let n = 0; n < Number(countArg); n++) {
      const key = keys[Math.floor(Math.random() * keys.length)];
      const status = statuses[Math.floor(Math.random() * statuses.length)];
      const r = await setStatus(db, { id: Number(planId) }, key, status, {
        source: 'ui',
        actor: `pid-${process.pid}`,
        plansDir: path.dirname(file),
      });
      out.push({ key, status, version: r.version, moved: r.edits.length > 0, restored: r.restored === true });
    }
  }),
);
await closeDb();
process.stdout.write(`${JSON.stringify(out)}\n`);
process.exit(0);
