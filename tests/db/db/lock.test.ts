// The embedded database's folder lock: held by one live process, taken over from a dead one.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { acquireDirLock } from '../../../db/lock';
import { DatabaseUnavailableError } from '../../../db/errors';
import { hidePassword } from '../../../db/client';
import { tempPlansDir } from '../../helpers/database';

it('refuses while a live process holds the lock, naming it; takes over a dead owner’s lock', () => {
  const dir = tempPlansDir('lock');
  const file = path.join(dir, 'lock');
  const parent = process.ppid; // alive for the whole test
  writeFileSync(file, String(parent));
  expect(() => acquireDirLock(file)).toThrow(DatabaseUnavailableError);
  expect(() => acquireDirLock(file)).toThrow(`is in use by process ${parent}`);

  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
  writeFileSync(file, dead);
  const lock = acquireDirLock(file);
  expect(readFileSync(file, 'utf8')).toBe(String(process.pid));
  lock.release();
  expect(existsSync(file)).toBe(false);
});

it('hides the password of a database URL', () => {
  expect(hidePassword('postgres://app:p%40ss@db.example:5432/tickmark')).toBe(
    'postgres://app:***@db.example:5432/tickmark',
  );
  expect(hidePassword('postgres://app@db.example/tickmark')).toBe('postgres://app@db.example/tickmark');
});
