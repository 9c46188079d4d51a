// Users, roles, sessions and tokens (db/queries/auth.ts, decision 026) on the shared test database: scrypt
// hashes that verify only the right password and are never returned, per-plan roles, sessions that expire
// and are revoked, tokens stored as hashes and revocable.
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { copySeed, tempPlansDir, testDb, uniqueName } from '../../../helpers/database';
import type { Db } from '../../../../db/client';
import { sessions, users } from '../../../../db/schema';
import { syncPlan } from '../../../../sync/import';
import {
  addUser,
  checkPassword,
  createSession,
  createToken,
  effectiveRole,
  hashPassword,
  listTokens,
  listUsers,
  revokeSession,
  revokeToken,
  revokeUserSessions,
  roleAtLeast,
  roleOf,
  sessionUser,
  setUserRole,
  tokenActor,
  verifyPassword,
} from '../../../../db/queries/auth';

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

it('hashes passwords with scrypt and a salt, verifying only the right one', async () => {
  const a = await hashPassword('correct horse');
  const b = await hashPassword('correct horse');
  expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
  expect(a).not.toBe(b); // salted
  expect(a).not.toContain('correct horse');
  expect(await verifyPassword('correct horse', a)).toBe(true);
  expect(await verifyPassword('correct horsf', a)).toBe(false);
  expect(await verifyPassword('correct horse', 'plain-text')).toBe(false);
});

it('orders roles viewer < contributor < lead', () => {
  expect(roleAtLeast('lead', 'contributor')).toBe(true);
  expect(roleAtLeast('contributor', 'contributor')).toBe(true);
  expect(roleAtLeast('viewer', 'contributor')).toBe(false);
  expect(roleAtLeast('contributor', 'lead')).toBe(false);
});

it('checks passwords, lists users without hashes, and applies a per-plan role over the global one', async () => {
  const name = uniqueName('ann');
  await addUser(db, name, 'contributor', 'ann-password');
  expect(await checkPassword(db, name, 'wrong-password')).toBeNull();
  expect(await checkPassword(db, uniqueName('nobody'), 'ann-password')).toBeNull();
  const ann = await checkPassword(db, name, 'ann-password');
  expect(ann).toMatchObject({ name, role: 'contributor' });
  expect(JSON.stringify(ann)).not.toMatch(/scrypt/);

  const dir = tempPlansDir('auth-roles');
  const plan = await syncPlan(db, copySeed(dir), { plansDir: dir });
  expect(await roleOf(db, ann!.id, 'contributor', plan.planId!)).toBe('contributor');
  await setUserRole(db, name, 'viewer', plan.planId!);
  expect(await roleOf(db, ann!.id, 'contributor', plan.planId!)).toBe('viewer');
  expect(await roleOf(db, ann!.id, 'contributor')).toBe('contributor');
  expect(await effectiveRole(db, { userId: ann!.id, role: 'contributor' }, plan.planId!)).toBe('viewer');
  // A token (no user) has no per-plan role: its own role holds everywhere.
  expect(await effectiveRole(db, { userId: null, role: 'contributor' }, plan.planId!)).toBe('contributor');
  const listed = (await listUsers(db)).find((u) => u.name === name)!;
  expect(listed.plans).toEqual([{ slug: plan.slug, role: 'viewer' }]);
  expect(JSON.stringify(listed)).not.toMatch(/scrypt|hash/i);
  await setUserRole(db, name, null, plan.planId!);
  expect(await roleOf(db, ann!.id, 'contributor', plan.planId!)).toBe('contributor');
});

it('keeps only a hash of the session id; expired and revoked sessions are gone', async () => {
  const name = uniqueName('sam');
  await addUser(db, name, 'viewer', 'sam-password');
  const [u] = await db.select().from(users).where(eq(users.name, name));
  const s = await createSession(db, u.id);
  const [row] = await db.select().from(sessions).where(eq(sessions.userId, u.id));
  expect(row.idHash).not.toBe(s.cookie);
  expect(row.idHash).toMatch(/^[0-9a-f]{64}$/);
  expect(await sessionUser(db, s.cookie)).toMatchObject({ name, role: 'viewer', csrf: row.csrf });
  expect(await sessionUser(db, row.idHash)).toBeNull(); // the stored hash is not a key
  await revokeSession(db, s.cookie);
  expect(await sessionUser(db, s.cookie)).toBeNull();

  const old = await createSession(db, u.id);
  const oldHash = createHash('sha256').update(old.cookie).digest('hex');
  await db
    .update(sessions)
    .set({ expiresAt: new Date(Date.now() - 1000) })
    .where(eq(sessions.idHash, oldHash));
  expect(await sessionUser(db, old.cookie)).toBeNull();

  const other = await createSession(db, u.id);
  expect(await sessionUser(db, other.cookie)).not.toBeNull();
  expect(await revokeUserSessions(db, name)).toBeGreaterThanOrEqual(1);
  expect(await sessionUser(db, other.cookie)).toBeNull();
});

it('stores tokens as hashes, lists them without the secret, and stops a revoked one', async () => {
  const name = uniqueName('ci');
  const token = await createToken(db, name, 'contributor');
  expect(token).toMatch(/^tm_[A-Za-z0-9_-]{43}$/);
  expect(await tokenActor(db, token)).toEqual({ name, role: 'contributor' });
  expect(await tokenActor(db, `${token}x`)).toBeNull();
  expect(JSON.stringify(await listTokens(db))).not.toContain(token);
  expect(await revokeToken(db, name)).toBe(true);
  expect(await revokeToken(db, name)).toBe(false);
  expect(await tokenActor(db, token)).toEqual({ revoked: true, name });
});
