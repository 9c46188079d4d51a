// `npm test`: each vitest project (unit, db, e2e) in a run of its own, one after another, every one even when
// an earlier one failed — a crash of one run (a worker lost under load) cannot skip the ones after it, which
// a single `vitest run` over all projects does. Exits 1 if any failed. Arguments go to every run
// (`npm test -- tests/unit/cli`); with them, a project with no matching file passes.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const vitest = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url));
const args = process.argv.slice(2);
const failed = [];
for (const project of ['unit', 'db', 'e2e']) {
  const run = ['run', '--project', project, ...(args.length ? ['--passWithNoTests', ...args] : [])];
  const { status, signal } = spawnSync(process.execPath, [vitest, ...run], { stdio: 'inherit' });
  if (status !== 0) failed.push(`${project} (${signal ?? `exit ${status}`})`);
}
if (failed.length) process.stderr.write(`npm test: failed: ${failed.join(', ')}\n`);
process.exit(failed.length ? 1 : 0);
