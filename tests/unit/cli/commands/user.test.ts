// `tickmark user` and `tickmark token` as real processes on an embedded database of their own: bad input
// gets one precise line and changes nothing; a password comes from stdin, never from the command line, and
// neither it nor its hash is ever printed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { tickmark } from '../../../helpers/cli';

let env: Record<string, string>;
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'tm-auth-cli-'));
  env = { TICKMARK_DATA_DIR: dir, DATABASE_URL: '', PLANS_DIR: path.join(dir, 'plans') };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('refuses bad names, roles and passwords with one line, adds a user once, and lists no secrets', async () => {
  const badRole = await tickmark(['user', 'add', 'ann', '--role', 'admin'], env, 'long-enough-pw\n');
  expect(badRole.code).toBe(2);
  expect(badRole.stderr).toMatch(/--role must be one of viewer, contributor, lead, not 'admin'/);
  const badName = await tickmark(['user', 'add', '../ann', '--role', 'lead'], env, 'long-enough-pw\n');
  expect(badName.code).toBe(2);
  expect(badName.stderr).toMatch(/a user name is 1-64 letters/);
  const short = await tickmark(['user', 'add', 'ann', '--role', 'lead'], env, 'short\n');
  expect(short.code).toBe(1);
  expect(short.stderr).toMatch(/shorter than 8 characters; nothing was changed/);
  const none = await tickmark(['user', 'add', 'ann', '--role', 'lead'], env, '');
  expect(none.code).toBe(1);
  expect(none.stderr).toMatch(/no password on stdin/);

  const ok = await tickmark(['user', 'add', 'ann', '--role', 'lead'], env, 'long-enough-pw\n');
  expect(ok.code, ok.stderr).toBe(0);
  expect(ok.stdout).toMatch(/added ann \(lead\); the dashboard now requires sign-in/);
  const again = await tickmark(['user', 'add', 'ann', '--role', 'viewer'], env, 'long-enough-pw\n');
  expect(again.code).toBe(1);
  expect(again.stderr).toMatch(/a user 'ann' exists already/);

  const list = await tickmark(['user', 'list'], env);
  expect(list.stdout).toBe('ann\tlead\n');
  for (const out of [ok, again, list]) expect(out.stdout + out.stderr).not.toMatch(/long-enough-pw|scrypt/);
  const missing = await tickmark(['user', 'role', 'bob', 'viewer'], env);
  expect(missing.code).toBe(1);
  expect(missing.stderr).toMatch(/no user 'bob'/);
}, 120_000);
