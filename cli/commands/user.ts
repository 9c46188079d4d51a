// `tickmark user add|list|remove|role|sign-out`: the people who sign in to the dashboard and their roles
// (issue 13, docs/decisions/026). Beside a running dashboard that holds the embedded database, the request is
// handed to it (a lead's TICKMARK_TOKEN, or nothing in local mode); otherwise it goes to the database itself.
import { isRole, MIN_PASSWORD, ROLES, USER_NAME, type Role } from '../../db/queries/auth';
import { runAccount } from '../lib/accounts';
import { parseCommandLine } from '../lib/args';
import { UsageError } from '../lib/errors';
import { readPassword } from '../lib/password';

export const summary = 'Manage dashboard users and roles: add NAME --role R, list, remove, role, sign-out';

const USAGE =
  'tickmark user add NAME --role viewer|contributor|lead | list [--json] | remove NAME | role NAME ROLE [--plan PLAN] | sign-out NAME';
const HELP = `Usage: ${USAGE}

  add NAME --role ROLE      a user; the password is asked on a terminal, or read from stdin's first line
                            (at least ${MIN_PASSWORD} characters; there is no default password)
  list [--json]             users, their roles and per-plan roles (never a password hash)
  remove NAME               the user, their sessions and per-plan roles; history keeps their name
  role NAME ROLE            the user's role everywhere
  role NAME ROLE --plan P   the user's role on plan P only (ROLE 'default': back to their global role)
  sign-out NAME             ends every session of the user (they sign in again)

Roles: viewer (reads), contributor (changes statuses, adds notes), lead (also edits structure, dates, plans
and sources, and manages users). Once a user exists the dashboard requires sign-in.
`;

function role(value: string | undefined, what = 'ROLE'): Role {
  if (!value || !isRole(value))
    throw new UsageError(`${what} must be one of ${ROLES.join(', ')}, not '${value ?? ''}'`);
  return value;
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandLine(args, {
    options: { role: { type: 'string' }, plan: { type: 'string' }, json: { type: 'boolean' } },
    usage: USAGE,
    help: HELP,
    positionals: [1, 3],
  });
  if (!parsed) return 0;
  const [verb, name, third] = parsed.positionals;
  const { values } = parsed;
  if (verb !== 'list' && !name) throw new UsageError(`missing NAME; usage: ${USAGE}`);
  if (name && verb === 'add' && !USER_NAME.test(name))
    throw new UsageError(
      `a user name is 1-64 letters, digits and . _ @ - (starting with a letter or digit), not '${name}'`,
    );
  if (verb === 'add') {
    const r = role(values.role, '--role');
    const password = await readPassword(`Password for ${name}`);
    say((await runAccount({ kind: 'user-add', name: name!, role: r, password })).message);
    return 0;
  }
  if (verb === 'list') {
    const { users = [], message } = await runAccount({ kind: 'user-list' });
    if (values.json) process.stdout.write(`${JSON.stringify(users, null, 2)}\n`);
    else if (!users.length) say(message);
    else
      for (const u of users)
        say(`${u.name}\t${u.role}${u.plans.length ? `\t${u.plans.map((p) => `${p.slug}=${p.role}`).join(', ')}` : ''}`);
    return 0;
  }
  if (verb === 'remove') return say((await runAccount({ kind: 'user-remove', name: name! })).message);
  if (verb === 'role') {
    const r = values.plan && third === 'default' ? null : role(third);
    return say((await runAccount({ kind: 'user-role', name: name!, role: r, plan: values.plan })).message);
  }
  if (verb === 'sign-out') return say((await runAccount({ kind: 'user-sign-out', name: name! })).message);
  throw new UsageError(`unknown action '${verb}'; usage: ${USAGE}`);
}

function say(line: string): 0 {
  process.stdout.write(`${line}\n`);
  return 0;
}
