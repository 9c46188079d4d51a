// The database a benchmark child process measures: a PGlite folder of its own, or a scratch database on the
// PostgreSQL server for one run, dropped afterwards. The parent runs its child once per driver
// (onEachDriver); the child works in a folder of its own with that driver selected (inWorkDir).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runChild } from './child';

export type Driver = 'pglite' | 'server';

/**
 * In the parent: runs `script --child <driver> <url>` for PGlite and for the server (on a scratch database,
 * dropped afterwards); TICKMARK_BENCH_DRIVER picks one. A driver that could not be measured gets a note.
 */
export async function onEachDriver<T>(
  script: string,
  label: string,
): Promise<{ measured: { driver: Driver; result: T }[]; notes: string[] }> {
  const only = process.env.TICKMARK_BENCH_DRIVER as Driver | undefined;
  const measured: { driver: Driver; result: T }[] = [];
  const notes: string[] = [];
  for (const driver of ['pglite', 'server'] as const) {
    if (only && only !== driver) continue;
    const scratch = driver === 'server' ? await scratchDatabase(label) : null;
    if (driver === 'server' && !scratch) continue;
    try {
      measured.push({ driver, result: await runChild<T>(script, ['--child', driver, scratch?.url ?? '']) });
    } catch (error) {
      notes.push(`${driver}: not measured (${(error as Error).message})`);
    } finally {
      await scratch?.drop();
    }
  }
  return { measured, notes };
}

/** In the child: `run` in a work folder of its own, with the driver's database selected; removed afterwards. */
export async function inWorkDir<T>(
  driver: Driver,
  serverUrl: string | undefined,
  label: string,
  run: (work: string) => Promise<T>,
): Promise<T> {
  const work = mkdtempSync(path.join(tmpdir(), `tickmark-bench-${label}-`));
  try {
    selectDatabase(driver, serverUrl, work);
    return await run(work);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Points db/client at the driver's database; call before db/client is first imported. */
function selectDatabase(driver: Driver, serverUrl: string | undefined, workDir: string): void {
  if (driver === 'pglite') {
    delete process.env.DATABASE_URL;
    process.env.TICKMARK_DATA_DIR = path.join(workDir, 'db');
  } else process.env.DATABASE_URL = serverUrl;
}

/** Creates `tickmark_bench_<label>_<pid>`; null (and a printed note) when the server cannot be reached. */
async function scratchDatabase(label: string): Promise<{ url: string; drop: () => Promise<void> } | null> {
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
