// `npm test`: each vitest project (unit, db, e2e) in a run of its own, one after another, every one even when
// an earlier one failed — a crash of one run (a worker lost under load) cannot skip the ones after it, which
// a single `vitest run` over all projects does. Exits 1 if any failed. Arguments go to every run
// (`npm test -- tests/unit/cli`); with them, a project with no matching file passes.
// The failed tests of every run are said again at the very end, so a log's tail names them all.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const vitest = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url));
const args = process.argv.slice(2);
const reports = mkdtempSync(join(tmpdir(), 'tickmark-test-'));
const failed = [];
const failedTests = [];
for (const project of ['unit', 'db', 'e2e']) {
  const report = join(reports, `${project}.json`);
  const run = [
    'run',
    '--project',
    project,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
    ...(args.length ? ['--passWithNoTests', ...args] : []),
  ];
  const { status, signal } = spawnSync(process.execPath, [vitest, ...run], { stdio: 'inherit' });
  if (status !== 0) {
    failed.push(`${project} (${signal ?? `exit ${status}`})`);
    failedTests.push(...failuresIn(report, project));
  }
}
rmSync(reports, { recursive: true, force: true });
if (failed.length) {
  for (const line of failedTests) process.stderr.write(`${line}\n`);
  process.stderr.write(`npm test: failed: ${failed.join(', ')}\n`);
}
process.exit(failed.length ? 1 : 0);

/** One line per failed test or file of a run's JSON report, with the first lines of its message. */
function failuresIn(report, project) {
  let results;
  try {
    results = JSON.parse(readFileSync(report, 'utf8')).testResults;
  } catch {
    return [`${project}: no report was written (the run ended before it finished)`];
  }
  const lines = [];
  for (const file of results) {
    const name = file.name.replace(process.cwd() + '/', '');
    const tests = file.assertionResults.filter((test) => test.status === 'failed');
    for (const test of tests)
      lines.push(`${project}: FAIL ${name} > ${test.fullName}\n${excerpt(test.failureMessages)}`);
    if (!tests.length && file.status === 'failed') lines.push(`${project}: FAIL ${name}\n${excerpt([file.message])}`);
  }
  return lines;
}

function excerpt(messages) {
  return (messages ?? [])
    .join('\n')
    .split('\n')
    .slice(0, 12)
    .map((line) => `    ${line}`)
    .join('\n');
}
