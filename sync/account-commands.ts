// What `tickmark user` and `tickmark token` do to the database, in one place for both ways they run: the CLI
// on a database it can open, and the dashboard that holds the embedded one (the hand-over,
// sync/account-handover.ts, server/cli-accounts.ts). Each request gets an answer with the sentence to print;
// no answer carries a password or a hash, and a new token's value only in the answer that created it.
import type { Db } from '../db/client';
import {
  addUser,
  createToken,
  findUser,
  listTokens,
  listUsers,
  MIN_PASSWORD,
  removeUser,
  revokeToken,
  revokeUserSessions,
  setUserRole,
  type Role,
} from '../db/queries/auth';
import { findPlan } from '../db/queries/plans';

export type AccountRequest =
  | { kind: 'user-add'; name: string; role: Role; password: string }
  | { kind: 'user-list' }
  | { kind: 'user-remove'; name: string }
  /** `plan` set: the role on that plan only (null: back to the global role). */
  | { kind: 'user-role'; name: string; role: Role | null; plan?: string }
  | { kind: 'user-sign-out'; name: string }
  | { kind: 'token-create'; name: string; role: Role }
  | { kind: 'token-list' }
  | { kind: 'token-revoke'; name: string };

/** Dates as ISO strings: the same answer locally and through JSON. */
export interface AccountUser {
  name: string;
  role: Role;
  createdAt: string;
  plans: { slug: string; role: Role }[];
}
export interface AccountToken {
  name: string;
  role: Role;
  createdAt: string;
  revokedAt: string | null;
}

export type AccountAnswer =
  | { ok: true; message: string; users?: AccountUser[]; tokens?: AccountToken[]; token?: string }
  | { ok: false; message: string };

/** Carries out one `tickmark user|token` request; a refusal (no such user, taken name …) changes nothing. */
export async function runAccountRequest(db: Db, r: AccountRequest): Promise<AccountAnswer> {
  const refuse = (message: string): AccountAnswer => ({ ok: false, message });
  switch (r.kind) {
    case 'user-add':
      if (await findUser(db, r.name)) return refuse(`a user '${r.name}' exists already; nothing was changed`);
      if (r.password.length < MIN_PASSWORD)
        return refuse(`the password is shorter than ${MIN_PASSWORD} characters; nothing was changed`);
      await addUser(db, r.name, r.role, r.password);
      return { ok: true, message: `added ${r.name} (${r.role}); the dashboard now requires sign-in` };
    case 'user-list': {
      const users = await listUsers(db);
      return {
        ok: true,
        message: users.length ? '' : 'no users: the dashboard runs in local mode on loopback',
        users: users.map((u) => ({ ...u, createdAt: u.createdAt.toISOString() })),
      };
    }
    case 'user-remove':
      return (await removeUser(db, r.name))
        ? { ok: true, message: `removed ${r.name}` }
        : refuse(`no user '${r.name}'`);
    case 'user-role': {
      if (r.plan === undefined) {
        if (!r.role) return refuse("ROLE 'default' needs --plan");
        return (await setUserRole(db, r.name, r.role))
          ? { ok: true, message: `${r.name}: ${r.role}` }
          : refuse(`no user '${r.name}'`);
      }
      const plan = await findPlan(db, r.plan);
      if (!plan) return refuse(`no plan '${r.plan}'`);
      return (await setUserRole(db, r.name, r.role, plan.id))
        ? { ok: true, message: `${r.name} on ${plan.slug}: ${r.role ?? 'their global role'}` }
        : refuse(`no user '${r.name}'`);
    }
    case 'user-sign-out': {
      if (!(await findUser(db, r.name))) return refuse(`no user '${r.name}'`);
      const n = await revokeUserSessions(db, r.name);
      return { ok: true, message: `ended ${n} session${n === 1 ? '' : 's'} of ${r.name}` };
    }
    case 'token-create': {
      if ((await listTokens(db)).some((t) => t.name === r.name))
        return refuse(`a token '${r.name}' exists already; revoke it or pick another name`);
      const token = await createToken(db, r.name, r.role);
      return { ok: true, message: `token ${r.name} (${r.role}) created; it is shown this once:`, token };
    }
    case 'token-list': {
      const tokens = await listTokens(db);
      return {
        ok: true,
        message: tokens.length ? '' : 'no tokens',
        tokens: tokens.map((t) => ({
          ...t,
          createdAt: t.createdAt.toISOString(),
          revokedAt: t.revokedAt?.toISOString() ?? null,
        })),
      };
    }
    case 'token-revoke':
      return (await revokeToken(db, r.name))
        ? { ok: true, message: `revoked ${r.name}` }
        : refuse(`no live token '${r.name}'`);
  }
}
