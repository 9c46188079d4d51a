// Users, per-plan roles, sessions and bearer tokens (issue 13, docs/decisions/026). Secrets never leave this
// module in the clear except once, when created: passwords are kept as scrypt hashes, session ids and tokens
// (32 random bytes each) as their sha256. No function here returns a hash.
import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { apiTokens, planRoles, plans, ROLES, sessions, users, type Role } from '../schema';

export { ROLES, type Role };

/** scrypt's cost: N=2^15, r=8, p=1 (32 MiB, ~100 ms here), a 16-byte salt, a 64-byte key (decision 026). */
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, keyLen: 64, maxmem: 64 * 1024 * 1024 };
/** How long a sign-in lasts. */
export const SESSION_DAYS = 14;
export const USER_NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
export const MIN_PASSWORD = 8;

export function roleAtLeast(have: Role, need: Role): boolean {
  return ROLES.indexOf(have) >= ROLES.indexOf(need);
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

function scryptKey(password: string, salt: Buffer, p = SCRYPT): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, p.keyLen, { N: p.N, r: p.r, p: p.p, maxmem: p.maxmem }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptKey(password, salt);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** True when the password matches the stored hash (its own parameters, so older hashes keep working). */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await scryptKey(password, Buffer.from(salt, 'base64'), {
    ...SCRYPT,
    N: Number(n),
    r: Number(r),
    p: Number(p),
    keyLen: expected.length,
  });
  return timingSafeEqual(key, expected);
}

/** A password that never matches, compared against when the user does not exist (same time either way). */
let dummyHash: Promise<string> | null = null;

export function newSecret(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

export interface UserRow {
  name: string;
  role: Role;
  createdAt: Date;
  plans: { slug: string; role: Role }[];
}

export async function countUsers(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  return row?.n ?? 0;
}

export async function addUser(db: Db, name: string, role: Role, password: string): Promise<void> {
  await db.insert(users).values({ name, role, passwordHash: await hashPassword(password) });
}

export async function findUser(db: Db, name: string): Promise<{ id: number; name: string; role: Role } | null> {
  const [u] = await db
    .select({ id: users.id, name: users.name, role: users.role })
    .from(users)
    .where(eq(users.name, name));
  return u ?? null;
}

export async function listUsers(db: Db): Promise<UserRow[]> {
  const rows = await db
    .select({ id: users.id, name: users.name, role: users.role, createdAt: users.createdAt })
    .from(users)
    .orderBy(users.name);
  const overrides = await db
    .select({ userId: planRoles.userId, slug: plans.slug, role: planRoles.role })
    .from(planRoles)
    .innerJoin(plans, eq(plans.id, planRoles.planId))
    .orderBy(plans.slug);
  return rows.map((u) => ({
    name: u.name,
    role: u.role,
    createdAt: u.createdAt,
    plans: overrides.filter((o) => o.userId === u.id).map((o) => ({ slug: o.slug, role: o.role })),
  }));
}

/** Removes a user with their sessions and plan roles; false when there was none. */
export async function removeUser(db: Db, name: string): Promise<boolean> {
  const gone = await db.delete(users).where(eq(users.name, name)).returning({ id: users.id });
  return gone.length > 0;
}

/** Sets a user's global role, or their role on one plan (null: back to the global role). */
export async function setUserRole(db: Db, name: string, role: Role | null, planId?: number): Promise<boolean> {
  const user = await findUser(db, name);
  if (!user) return false;
  if (planId === undefined) {
    if (role) await db.update(users).set({ role }).where(eq(users.id, user.id));
    return true;
  }
  if (role === null) {
    await db.delete(planRoles).where(and(eq(planRoles.userId, user.id), eq(planRoles.planId, planId)));
  } else {
    await db
      .insert(planRoles)
      .values({ userId: user.id, planId, role })
      .onConflictDoUpdate({ target: [planRoles.userId, planRoles.planId], set: { role } });
  }
  return true;
}

/** The user's role, on the plan when given (its override, else the global role). */
export async function roleOf(db: Db, userId: number, globalRole: Role, planId?: number): Promise<Role> {
  if (planId === undefined) return globalRole;
  const [o] = await db
    .select({ role: planRoles.role })
    .from(planRoles)
    .where(and(eq(planRoles.userId, userId), eq(planRoles.planId, planId)));
  return o?.role ?? globalRole;
}

/** The role an identity holds on a plan: a user's per-plan role when there is one, else the global role
 * (tokens and local mode have no per-plan roles). The one place roles are resolved. */
export async function effectiveRole(
  db: Db,
  who: { userId: number | null; role: Role },
  planId?: number,
): Promise<Role> {
  return who.userId !== null && planId !== undefined ? roleOf(db, who.userId, who.role, planId) : who.role;
}

/** Checks a name and password; the user when they match, else null (a missing user costs the same time). */
export async function checkPassword(
  db: Db,
  name: string,
  password: string,
): Promise<{ id: number; name: string; role: Role } | null> {
  const [u] = await db.select().from(users).where(eq(users.name, name));
  if (!u) {
    dummyHash ??= hashPassword(newSecret());
    await verifyPassword(password, await dummyHash);
    return null;
  }
  return (await verifyPassword(password, u.passwordHash)) ? { id: u.id, name: u.name, role: u.role } : null;
}

/** A new session: the cookie value (returned once, kept only hashed) and its CSRF token. */
export async function createSession(db: Db, userId: number): Promise<{ cookie: string; expires: Date }> {
  const cookie = newSecret();
  const expires = new Date(Date.now() + SESSION_DAYS * 86_400_000);
  await db.insert(sessions).values({ idHash: sha256(cookie), userId, csrf: newSecret(), expiresAt: expires });
  return { cookie, expires };
}

export interface SessionUser {
  userId: number;
  name: string;
  role: Role;
  csrf: string;
}

/** The signed-in user of a live session (not expired, not revoked), else null. */
export async function sessionUser(db: Db, cookie: string): Promise<SessionUser | null> {
  const [row] = await db
    .select({ userId: users.id, name: users.name, role: users.role, csrf: sessions.csrf })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.idHash, sha256(cookie)), isNull(sessions.revokedAt), gt(sessions.expiresAt, new Date())));
  return row ?? null;
}

export async function revokeSession(db: Db, cookie: string): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(eq(sessions.idHash, sha256(cookie)));
}

/** Signs a user out everywhere (`tickmark user revoke-sessions`, a role change, a removal). */
export async function revokeUserSessions(db: Db, name: string): Promise<number> {
  const user = await findUser(db, name);
  if (!user) return 0;
  const r = await db
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(and(eq(sessions.userId, user.id), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return r.length;
}

/** A new bearer token; its value is returned here once and never again. */
export async function createToken(db: Db, name: string, role: Role): Promise<string> {
  const token = newSecret('tm_');
  await db.insert(apiTokens).values({ name, role, tokenHash: sha256(token) });
  return token;
}

export async function listTokens(
  db: Db,
): Promise<{ name: string; role: Role; createdAt: Date; revokedAt: Date | null }[]> {
  return db
    .select({
      name: apiTokens.name,
      role: apiTokens.role,
      createdAt: apiTokens.createdAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .orderBy(apiTokens.name);
}

export async function revokeToken(db: Db, name: string): Promise<boolean> {
  const r = await db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.name, name), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return r.length > 0;
}

/** The token's name and role when it is live; `revoked` when it was revoked; null when unknown. */
export async function tokenActor(
  db: Db,
  token: string,
): Promise<{ name: string; role: Role } | { revoked: true; name: string } | null> {
  const [t] = await db
    .select({ name: apiTokens.name, role: apiTokens.role, revokedAt: apiTokens.revokedAt })
    .from(apiTokens)
    .where(eq(apiTokens.tokenHash, sha256(token)));
  if (!t) return null;
  return t.revokedAt ? { revoked: true, name: t.name } : { name: t.name, role: t.role };
}

/** The session cookie's name: set by the sign-in page, read by the server (server/security.ts). */
export const SESSION_COOKIE = 'tickmark_session';

/** The Set-Cookie value for a session (HttpOnly, SameSite=Lax, Secure behind TLS); null value: clear it. */
export function sessionCookie(value: string | null, opts: { expires?: Date; secure: boolean }): string {
  const parts = [`${SESSION_COOKIE}=${value ?? ''}`, 'Path=/', 'HttpOnly', 'SameSite=Lax'];
  if (value === null) parts.push('Max-Age=0');
  else if (opts.expires) parts.push(`Expires=${opts.expires.toUTCString()}`);
  if (opts.secure) parts.push('Secure');
  return parts.join('; ');
}

/** The session cookie's value in a Cookie header, or null. */
export function readSessionCookie(header: string | null | undefined): string | null {
  for (const part of (header ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === SESSION_COOKIE) return rest.join('=') || null;
  }
  return null;
}
