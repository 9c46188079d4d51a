// A PostgreSQL server that goes away and comes back: while it is gone a tick fails with a message that says
// what happened and what to do, and leaves the file as it was; once it is back the next tick works on the
// first try (the pool reconnects) and file and database agree. Server only: PGlite lives in this process.
import { readFileSync } from 'node:fs';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { copySeed, tempPlansDir, testDb } from '../../helpers/database';
import type { Db } from '../../../db/client';
import { isConnectionLost, rootReason } from '../../../db/errors';
import { items } from '../../../db/schema';
import { syncPlan } from '../../../sync/import';
import { setStatus } from '../../../sync/engine';
import { parsePlan } from '../../../parser/index';

const url = process.env.DATABASE_URL;

/** What a promise rejected with (fails the test when it resolved). */
async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => expect.unreachable('expected a rejection'),
    (error: unknown) => error,
  );
}

it("tells a lost connection from a wrong query, through drizzle's wrapping", async () => {
  const nowhere = postgres('postgres://tick@127.0.0.1:1/nowhere', { max: 1, connect_timeout: 2, onnotice: () => {} });
  try {
    const refused = await rejection(drizzle(nowhere).execute(sql`select 1`));
    expect(isConnectionLost(refused)).toBe(true);
    expect(rootReason(refused)).toMatch(/ECONNREFUSED/);
  } finally {
    await nowhere.end({ timeout: 1 });
  }
  const wrong = await rejection((await testDb()).execute(sql`select * from no_such_table`));
  expect(isConnectionLost(wrong)).toBe(false);
  expect(rootReason(wrong)).toMatch(/no_such_table/);
});

describe.skipIf(!url)('a database server that restarts', () => {
  let db: Db;
  let admin: postgres.Sql;
  let dbName: string;

  beforeAll(async () => {
    db = await testDb();
    // The admin session sits in another database, so closing ours to connections does not end it.
    const adminUrl = new URL(url!);
    dbName = decodeURIComponent(adminUrl.pathname.slice(1));
    adminUrl.pathname = '/postgres';
    admin = postgres(adminUrl.toString(), { max: 1, onnotice: () => {} });
  });

  afterAll(async () => {
    await admin?.unsafe(`ALTER DATABASE "${dbName}" ALLOW_CONNECTIONS true`).catch(() => {});
    await admin?.end();
    await flushPool();
  });

  /** The tests after a restart share the pool: flush out any connection it killed (one query each). */
  async function flushPool(): Promise<void> {
    await Promise.all(Array.from({ length: 10 }, () => db.execute(sql`select 1`).catch(() => {})));
  }

  /** Ends every session of the test database, as a server restart does; `wait`: until they are gone. */
  async function dropSessions({ wait }: { wait: boolean }): Promise<void> {
    await admin`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ${dbName}`;
    if (wait)
      for (let i = 0; i < 100; i++) {
        const [{ n }] = await admin`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = ${dbName}`;
        if (n === 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
  }

  /** The tick; after 60 s a failure that says what this process and the server were waiting on. postgres.js
   * 3.4.9 stranded ticks here (porsager/postgres#1186, #1216) until scripts/patch-postgres.mjs's second guard:
   * a stranded tick is a failure, not a skip. */
  async function settledWithin60s<T>(tick: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        void (async () => {
          const process_ = process as unknown as { _getActiveHandles(): object[]; _getActiveRequests(): object[] };
          const kinds = (list: object[]) => list.map((h) => h.constructor?.name ?? typeof h).join(', ');
          const sessions = await admin`SELECT pid, state, wait_event_type, wait_event, left(query, 80) AS query
            FROM pg_stat_activity WHERE datname = ${dbName}`.catch((error: Error) => error.message);
          reject(
            new Error(
              `the tick did not settle in 60 s; handles: ${kinds(process_._getActiveHandles())}; requests: ` +
                `${kinds(process_._getActiveRequests())}; sessions: ${JSON.stringify(sessions)}`,
            ),
          );
        })();
      }, 60_000);
    });
    try {
      return await Promise.race([tick, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  async function statusInDb(planId: number, key: string) {
    const [row] = await db
      .select({ status: items.status })
      .from(items)
      .where(and(eq(items.planId, planId), eq(items.key, key), isNull(items.removedAt)));
    return row?.status;
  }

  it('refuses a tick while it is down, with a clear message and the file untouched; works again once it is back', async () => {
    const file = copySeed(tempPlansDir('restart'));
    const plansDir = file.slice(0, file.lastIndexOf('/'));
    const { planId } = await syncPlan(db, file, { plansDir });
    await setStatus(db, { id: planId! }, 'CACHE-001', 'todo', { source: 'cli', plansDir });

    const before = readFileSync(file);
    await admin.unsafe(`ALTER DATABASE "${dbName}" ALLOW_CONNECTIONS false`);
    await dropSessions({ wait: true });
    try {
      const refused = await settledWithin60s(
        setStatus(db, { id: planId! }, 'CACHE-002', 'todo', { source: 'cli', plansDir }).then(
          () => null,
          (error: Error) => error,
        ),
      );
      expect(refused?.name).toBe('DatabaseUnavailableError');
      // The reason is the driver's: a new connection is refused, or the retry met another socket the server
      // closed (ECONNRESET), which a loaded machine's event loop has not noticed yet.
      expect(refused?.message).toMatch(
        /^cannot reach the database \(postgres postgres:\/\/.*\): .*(?:not currently accepting connections|ECONNRESET).*Nothing was changed; try again once it is back\.$/s,
      );
      expect(readFileSync(file).equals(before)).toBe(true);
    } finally {
      await admin.unsafe(`ALTER DATABASE "${dbName}" ALLOW_CONNECTIONS true`);
    }

    // Back: the first tick after the restart succeeds, and file and database agree.
    await setStatus(db, { id: planId! }, 'CACHE-002', 'todo', { source: 'cli', plansDir });
    const model = parsePlan(readFileSync(file, 'utf8'));
    for (const key of ['CACHE-001', 'CACHE-002', 'CACHE-003']) {
      expect(await statusInDb(planId!, key), key).toBe(model.items.find((i) => i.key === key)!.status);
    }
    expect(model.items.find((i) => i.key === 'CACHE-002')!.status).toBe('todo');
  });

  it('a restart right before a tick costs nothing: the tick retries on a new connection', async () => {
    const file = copySeed(tempPlansDir('restart'));
    const plansDir = file.slice(0, file.lastIndexOf('/'));
    const { planId } = await syncPlan(db, file, { plansDir });
    await setStatus(db, { id: planId! }, 'NET-001', 'in-progress', { source: 'cli', plansDir });
    // No wait: the pooled connection is still open on our side when the tick sends its first query.
    await dropSessions({ wait: false });
    const r = await setStatus(db, { id: planId! }, 'NET-002', 'in-progress', { source: 'cli', plansDir });
    expect(r.edits.length).toBeGreaterThan(0);
    expect(await statusInDb(planId!, 'NET-002')).toBe('in-progress');
    expect(readFileSync(file, 'utf8')).toMatch(/^- \[\/\] \*\*NET-002\*\*/m);
  });
});
