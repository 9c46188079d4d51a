// `tickmark undo FILE` as a real process on a tracked plan: the last `tickmark set` is taken back byte for
// byte; with nothing left to undo it says so and exits 1.
import { readFileSync } from 'node:fs';
import { tickmark } from '../../../helpers/cli';
import { testDb, tempPlansDir, copySeed, childDbEnv } from '../../../helpers/database';

beforeAll(async () => {
  await testDb();
});

it('undoes the last set and then has nothing left', async () => {
  const dir = tempPlansDir('cli-undo');
  const file = copySeed(dir);
  const env = { ...childDbEnv(), PLANS_DIR: dir };
  expect((await tickmark(['sync'], env)).code).toBe(0);
  const before = readFileSync(file);
  const set = await tickmark(['set', file, 'CACHE-001', 'todo'], env);
  expect(set.code).toBe(0);
  expect(readFileSync(file).equals(before)).toBe(false);
  const undo = await tickmark(['undo', file], env);
  expect(undo.stderr).toBe('');
  expect(undo.stdout).toBe(`${file}: undid CACHE-001 done → todo\n`);
  expect(readFileSync(file).equals(before)).toBe(true);
  const again = await tickmark(['undo', file], env);
  expect(again.code).toBe(1);
  expect(again.stderr).toMatch(/nothing to undo/);
});
