// Runs the real dashboard (built with `remix build`, served by server/main.ts) as a child process on a free
// port, with its own plans folder and database, for the e2e tests and the server bench.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';

import { ROOT } from './paths';

export { ROOT };

/** `remix build` into build/ and public/build/ (seconds; done once per test run). */
export function buildApp(): void {
  execFileSync(path.join(ROOT, 'node_modules/.bin/remix'), ['build'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

export interface RunningServer {
  url: string;
  plansDir: string;
  /** Its database and plans settings: a CLI run with them works beside the server. */
  env: { PLANS_DIR: string; TICKMARK_DATA_DIR: string; DATABASE_URL?: string };
  /** The server's process id (the bench reads its CPU time). */
  pid: number;
  /** Everything the server printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts the server on a free port. With DATABASE_URL set, the server gets a database of its own on that
 * server (created here, dropped in stop()) so it never meets the db tests' rows; otherwise an embedded
 * PGlite in a temp folder.
 */
export async function startServer(opts: {
  plansDir: string;
  env?: Record<string, string>;
  /** Runs against the server's own database before it starts (e.g. `tickmark user add` with these settings). */
  prepare?: (env: RunningServer['env']) => Promise<void>;
}): Promise<RunningServer> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'tickmark-e2e-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: '0',
    HOST: '127.0.0.1',
    PLANS_DIR: opts.plansDir,
    TICKMARK_DATA_DIR: path.join(scratch, 'data'),
    ...opts.env,
  };
  let dropDb: (() => Promise<void>) | null = null;
  if (process.env.DATABASE_URL) {
    const own = await createScratchDatabase(process.env.DATABASE_URL);
    env.DATABASE_URL = own.url;
    dropDb = own.drop;
  }
  const own = {
    PLANS_DIR: env.PLANS_DIR!,
    TICKMARK_DATA_DIR: env.TICKMARK_DATA_DIR!,
    ...(env.DATABASE_URL ? { DATABASE_URL: env.DATABASE_URL } : {}),
  };
  if (opts.prepare) {
    try {
      await opts.prepare(own);
    } catch (error) {
      await dropDb?.().catch(() => {});
      rmSync(scratch, { recursive: true, force: true });
      throw error;
    }
  }
  // TICKMARK_SERVER_NODE_ARGS adds Node flags to the server alone (e.g. `--cpu-prof` while benchmarking).
  const nodeArgs = (process.env.TICKMARK_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', path.join(ROOT, 'server/main.ts')], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const cleanup = async () => {
    await dropDb?.().catch(() => {});
    rmSync(scratch, { recursive: true, force: true });
  };
  let url: string;
  try {
    url = await waitForListening(child, () => out, 180_000);
  } catch (error) {
    child.kill('SIGKILL');
    await cleanup();
    throw error;
  }
  return {
    url,
    plansDir: opts.plansDir,
    env: own,
    pid: child.pid!,
    output: () => out,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      await cleanup();
    },
  };
}

function waitForListening(child: ChildProcess, output: () => string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`server did not start within ${timeoutMs} ms:\n${output()}`));
    }, timeoutMs);
    const check = () => {
      const m = /listening on (http:\/\/[^\s]+)/.exec(output());
      if (m) {
        finish();
        resolve(m[1]);
      }
    };
    const exit = (code: number | null) => {
      finish();
      reject(new Error(`server exited (${code}) before listening:\n${output()}`));
    };
    const finish = () => {
      clearTimeout(timer);
      child.stdout!.off('data', check);
      child.off('exit', exit);
    };
    child.stdout!.on('data', check);
    child.once('exit', exit);
  });
}

/** A database of its own on the server at `baseUrl` (a unique name), and how to drop it. */
export async function createScratchDatabase(baseUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `tickmark_e2e_${process.pid}_${Date.now().toString(36)}`;
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const sql = postgres(baseUrl, { max: 1, onnotice: () => {} });
      try {
        await sql.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await sql.end({ timeout: 5 });
      }
    },
  };
}
