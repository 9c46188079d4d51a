// The one database client of a process: PostgreSQL through postgres.js when DATABASE_URL is set, otherwise an
// embedded PGlite stored under $TICKMARK_DATA_DIR (default `.tickmark/`). Both get the same committed
// drizzle-kit migrations before first use. Opening PGlite costs seconds and hundreds of MB, so the client is
// remembered on globalThis: vitest's shared (isolate:false) fork and Remix dev reloads reuse it.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { entityKind, type ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import * as schema from './schema';
import { acquireDirLock, type DirLock } from './lock';
import { DatabaseUnavailableError, rootReason } from './errors';
import { dataDir } from './data-dir';

export { dataDir };

export { DatabaseUnavailableError };

export type Schema = typeof schema;
/** Works for both drivers; a transaction (`Tx`) is also a `Db`, so helpers taking `Db` run inside one too. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

interface Open {
  db: Db;
  close: () => Promise<void>;
  description: string;
}

const KEY = Symbol.for('tickmark.db');
type Holder = { [KEY]?: Promise<Open> };
const holder = globalThis as Holder;

/** Whether `db` (a database or a transaction) is an embedded PGlite: one process (the folder's lock, db/lock.ts)
 * and one connection, whose transactions PGlite runs one at a time. */
export function isEmbedded(db: Db): boolean {
  const session = (db as unknown as { session?: { constructor: { [entityKind]?: string } } }).session;
  return session?.constructor[entityKind] === 'PgliteSession';
}

/** The URL with its password replaced by `***`, or the PGlite folder. */
export function describeDatabase(): string {
  const url = process.env.DATABASE_URL;
  if (url) return `postgres ${hidePassword(url)}`;
  return `PGlite ${dataDir()}`;
}

export function hidePassword(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
  }
}

export interface OpenOptions {
  /** The process opens the database for one command and exits (a CLI read): PGlite then starts with a 16 MB
   * buffer pool, not PostgreSQL's 128 MB, whose zeroing at start-up costs ~0.4 s of CPU (decision 050), and
   * its WebAssembly runs on V8's baseline compiler alone, without optimising hot functions in the background
   * (decision 051). A command reads far less than that; the dashboard keeps the defaults for its long life. */
  brief?: boolean;
}

/** The process's client; `options` count only on the first call (the one that opens it). */
export function getDb(options: OpenOptions = {}): Promise<Db> {
  if (!holder[KEY]) {
    const opening = open(options);
    holder[KEY] = opening;
    // A failed open must not be remembered: the next call retries (the server may be up by then).
    opening.catch(() => {
      if (holder[KEY] === opening) delete holder[KEY];
    });
  }
  return holder[KEY]!.then((o) => o.db);
}

export async function closeDb(): Promise<void> {
  const opening = holder[KEY];
  if (!opening) return;
  delete holder[KEY];
  const o = await opening.catch(() => null);
  await o?.close();
}

async function open(options: OpenOptions): Promise<Open> {
  const url = process.env.DATABASE_URL;
  return url ? openPostgres(url) : openPglite(dataDir(), options);
}

async function openPostgres(url: string): Promise<Open> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const { migrate } = await import('drizzle-orm/postgres-js/migrator');
  const shown = hidePassword(url);
  // The migrator gets its own single connection and an advisory lock, so processes starting together
  // against a fresh database do not race each other's CREATE TABLEs.
  const migrationSql = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    await migrationSql`select pg_advisory_lock(7218004151)`;
    await migrate(drizzle(migrationSql), { migrationsFolder: migrationsFolder() });
    await migrationSql`select pg_advisory_unlock(7218004151)`;
  } catch (error) {
    throw new DatabaseUnavailableError(`cannot use database ${shown}: ${rootReason(error)}`, { cause: error });
  } finally {
    await migrationSql.end({ timeout: 5 }).catch(() => {});
  }
  const sql = postgres(url, { max: 10, onnotice: () => {}, connect_timeout: 10 });
  // Statements go unprepared (drizzle's choice): kept prepared, one hung tick was seen with connections cut (058).
  const db = drizzle(sql, { schema }) as unknown as Db;
  return { db, close: () => sql.end({ timeout: 5 }), description: `postgres ${shown}` };
}

async function openPglite(dir: string, { brief = false }: OpenOptions): Promise<Open> {
  // Before PGlite compiles its 9 MB of WebAssembly. V8 would recompile the hot functions with its optimising
  // compiler on background threads: ~0.6 s of CPU that a process living a second never earns back.
  if (brief) setFlagsFromString('--liftoff-only');
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  const { prepareInTransactions } = await import('./pglite-statements');
  let lock: DirLock | null = null;
  let target = dir;
  if (!dir.startsWith('memory://')) {
    mkdirSync(dir, { recursive: true }); // PGlite needs the parent of its data folder to exist
    lock = acquireDirLock(path.join(dir, 'lock')); // throws DatabaseUnavailableError when another process holds it
    target = path.join(dir, 'pgdata');
  }
  let client: InstanceType<typeof PGlite> | null = null;
  try {
    const startParams = brief ? [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'] : undefined;
    client = new PGlite(target, { startParams });
    await client.waitReady;
    // Transactions' statements are kept prepared (decision 058): a tick's are parsed and planned once.
    const pdb = drizzle({ client: prepareInTransactions(client), schema });
    await migrate(pdb, { migrationsFolder: migrationsFolder() });
    const c = client;
    return {
      db: pdb as unknown as Db,
      close: async () => {
        await c.close().catch(() => {});
        lock?.release();
      },
      description: `PGlite ${dir}`,
    };
  } catch (error) {
    await client?.close().catch(() => {});
    lock?.release();
    throw new DatabaseUnavailableError(`cannot open embedded database ${dir}: ${rootReason(error)}`, { cause: error });
  }
}

/** The committed migrations: beside this module, or under the working directory when bundled (Remix build). */
function migrationsFolder(): string {
  const candidates = [
    process.env.TICKMARK_MIGRATIONS_DIR,
    safe(() => fileURLToPath(new URL('./migrations', import.meta.url))),
    path.resolve('db/migrations'),
  ];
  for (const c of candidates) if (c && existsSync(path.join(c, 'meta', '_journal.json'))) return c;
  throw new DatabaseUnavailableError(`migrations not found (looked in ${candidates.filter(Boolean).join(', ')})`);
}

function safe<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}
