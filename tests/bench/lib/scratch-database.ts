// The database a benchmark child process measures: a PGlite folder of its own, or a scratch database on the
// PostgreSQL server for one run, dropped afterwards.
import path from 'node:path';

export type Driver = 'pglite' | 'server';

/** Points db/client at the driver's database; call before db/client is first imported. */
export function selectDatabase(driver: Driver, serverUrl: string | undefined, workDir: string): void {
  if (driver === 'pglite') {
    delete process.env.DATABASE_URL;
    process.env.TICKMARK_DATA_DIR = path.join(workDir, 'db');
  } else process.env.DATABASE_URL = serverUrl;
}

/** Creates `tickmark_bench_<label>_<pid>`; null (and a printed note) when the server cannot be reached. */
export async function scratchDatabase(label: string): Promise<{ url: string; drop: () => Promise<void> } | null> {
  const admin = process.env.TICKMARK_BENCH_SERVER ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const { default: postgres } = await import('postgres');
  const sql = postgres(admin, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  const name = `tickmark_bench_${label}_${process.pid}`;
  try {
    await sql.unsafe(`CREATE DATABASE ${name}`);
  } catch (error) {
    await sql.end();
    process.stdout.write(`server: not measured (${(error as Error).message})\n`);
    return null;
  }
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      await sql.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await sql.end();
    },
  };
}
