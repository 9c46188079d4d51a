// The CLI faces of import, run as real processes: sync, status --json, next, list, and the failure lines.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { inArray } from 'drizzle-orm';
import { plans } from '../../../db/schema';
import { testDb, tempPlansDir, copySeed, editOnce, repoRoot, childDbEnv, uniqueName } from '../../helpers/database';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function tickmark(args: string[], env: Record<string, string | undefined>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin/tickmark.js'), ...args], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  await testDb(); // holds the PGlite lock of the shared test database while these run
});

it('sync prints one line per plan; status --json counts from the items', async () => {
  const dir = tempPlansDir('cli');
  const file = copySeed(dir);
  editOnce(file, '- [x] **CACHE-001**', '- [/] **CACHE-001**');
  editOnce(file, '- [x] **NET-002**', '- [ ] **NET-002**');
  const env = { ...childDbEnv(), PLANS_DIR: dir };

  const sync = await tickmark(['sync'], env);
  expect(sync.stderr).toBe('');
  expect(sync.code).toBe(0);
  const lines = sync.stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^seed-[\w-]+: imported 128 items, 126 history events, .*\(\d+ ms\)$/);

  const status = await tickmark(['status', file, '--json'], env);
  expect(status.code).toBe(0);
  const json = JSON.parse(status.stdout);
  expect(Object.keys(json)).toEqual(['plans']);
  expect(json.plans).toHaveLength(1);
  const [plan] = json.plans;
  expect(Object.keys(plan)).toEqual(['slug', 'path', 'total', 'done', 'inProgress', 'remaining', 'percent', 'phases']);
  expect(plan).toMatchObject({
    path: path.basename(file),
    total: 128,
    done: 126,
    inProgress: 1,
    remaining: 2,
    percent: 98.4,
  });
  expect(plan.phases.map((p: Record<string, unknown>) => Object.keys(p))).toEqual(
    Array(3).fill(['number', 'name', 'total', 'done', 'inProgress', 'remaining', 'percent']),
  );
  expect(plan.phases.map(({ name: _n, ...rest }: Record<string, unknown>) => rest)).toEqual([
    { number: 1, total: 56, done: 54, inProgress: 1, remaining: 2, percent: 96.4 },
    { number: 2, total: 41, done: 41, inProgress: 0, remaining: 0, percent: 100 },
    { number: 3, total: 31, done: 31, inProgress: 0, remaining: 0, percent: 100 },
  ]);
  expect(plan.phases[0].name).toMatch(/HIGH/);

  // next: the started item first, then the open one; list filters by prefix and status.
  const next = await tickmark(['next', plan.slug, '--limit', '5', '--no-sync'], env);
  expect(next.code).toBe(0);
  const nextLines = next.stdout.trim().split('\n');
  expect(nextLines).toHaveLength(2);
  expect(nextLines[0]).toMatch(/^\[\/\] CACHE-001: /);
  expect(nextLines[1]).toMatch(/^\[ \] NET-002: /);
  const list = await tickmark(['list', path.basename(file), '--prefix', 'net', '--status', 'todo', '--no-sync'], env);
  expect(list.code).toBe(0);
  expect(list.stdout.trim().split('\n')).toEqual([expect.stringMatching(/^\[ \] NET-002: /)]);
}, 300_000); // four processes, each opening its own embedded database

// Phase names in Japanese or with emoji (real plans have both: a corpus plan names its MVP 🎯) take two
// terminal columns a character: the table pads by what a terminal shows, so its numbers stay in their columns.
it('status lines its columns up under phase names with wide characters', async () => {
  const dir = tempPlansDir('cli-wide');
  const file = path.join(dir, uniqueName('wide'));
  writeFileSync(
    file,
    '# Wide\n\n## Phase 1: 一目で分かる 🎯 MVP\n\n- [x] **A-001**: one\n\n## Phase 2: Plain\n\n- [ ] **A-002**: two\n',
  );
  const status = await tickmark(['status', file], { ...childDbEnv(), PLANS_DIR: dir });
  expect(status.code).toBe(0);
  const table = status.stdout.split('\n').filter((l) => l.startsWith('  '));
  expect(table.map((l) => l.trim().split(/\s{2,}/)[0])).toEqual([
    'phase',
    'Phase 1: 一目で分かる 🎯 MVP',
    'Phase 2: Plain',
    'Total',
  ]);
  // Columns a terminal gives each line: two for CJK and emoji, one for the rest (enough for these names).
  const columns = (line: string) =>
    [...line].reduce(
      (n, ch) => n + (/[\p{Script=Han}\p{Script=Hiragana}\p{Extended_Pictographic}]/u.test(ch) ? 2 : 1),
      0,
    );
  expect(new Set(table.map(columns)).size).toBe(1);
}, 120_000);

it('an unreachable database is one line naming the URL with the password hidden, exit 1', async () => {
  const r = await tickmark(['status', '--no-sync'], { DATABASE_URL: 'postgres://tick:s3cret@127.0.0.1:1/nowhere' });
  expect(r.code).toBe(1);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toContain('postgres://tick:***@127.0.0.1:1/nowhere');
  expect(r.stderr).not.toContain('s3cret');
});

it.skipIf(!!process.env.DATABASE_URL)('a second process cannot open the embedded database this one holds', async () => {
  const r = await tickmark(['status', '--no-sync'], { TICKMARK_DATA_DIR: process.env.TICKMARK_DATA_DIR });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(`is in use by process ${process.pid}`);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
});

it.skipIf(!process.env.DATABASE_URL)(
  'two processes importing new plans of the same names at once give each its own slug',
  async () => {
    const dir = tempPlansDir('same-names');
    const names = Array.from({ length: 150 }, () => uniqueName('same'));
    for (const folder of ['a', 'b']) {
      mkdirSync(path.join(dir, folder));
      for (const name of names) writeFileSync(path.join(dir, folder, name), `# ${name}\n\n- [ ] **T-001**: one task\n`);
    }
    const env = { PLANS_DIR: dir };
    const runs = await Promise.all(
      ['a', 'b'].map((folder) => tickmark(['sync', ...names.map((n) => path.join(dir, folder, n))], env)),
    );
    for (const run of runs) expect(run.stderr, run.stdout).toBe('');
    expect(runs.map((r) => r.code)).toEqual([0, 0]);
    const paths = ['a', 'b'].flatMap((folder) => names.map((n) => `${folder}/${n}`));
    const rows = await (
      await testDb()
    )
      .select({ slug: plans.slug, path: plans.path })
      .from(plans)
      .where(inArray(plans.path, paths));
    expect(rows).toHaveLength(300);
    const slugs = new Set(rows.map((r) => r.slug));
    expect(slugs.size).toBe(300);
    for (const name of names) {
      const base = name.replace(/\.md$/, '');
      expect(
        rows
          .filter((r) => r.path.endsWith(`/${name}`))
          .map((r) => r.slug)
          .sort(),
      ).toEqual([base, `${base}-2`]);
    }
  },
);

it('sync --watch re-syncs a file edited by another process and stops cleanly on SIGTERM', async () => {
  const dir = tempPlansDir('cli-watch');
  const file = copySeed(dir);
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin/tickmark.js'), 'sync', '--watch'], {
    cwd: repoRoot,
    env: { ...process.env, ...childDbEnv(), PLANS_DIR: dir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const until = async (what: string, ok: () => boolean) => {
    const deadline = Date.now() + 60_000;
    while (!ok()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; stdout: ${stdout}; stderr: ${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  try {
    await until('the watcher', () => stderr.includes('watching '));
    expect(stdout).toMatch(/imported 128 items/);
    // This test process is the "other process" editing the plan, by rename like an editor.
    const text = readFileSync(file, 'utf8').replace('- [x] **DB-004**', '- [/] **DB-004**');
    writeFileSync(`${file}.tmp`, text);
    renameSync(`${file}.tmp`, file);
    await until('the re-sync line', () => /128 items, 1 changed, 1 event/.test(stdout));
  } finally {
    child.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
}, 300_000);
