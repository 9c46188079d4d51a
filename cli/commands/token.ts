// `tickmark token create|list|revoke`: bearer tokens for the CLI and scripts talking to a dashboard that
// requires sign-in (TICKMARK_TOKEN). A token is shown once and kept only as its sha256. Beside a running
// dashboard on the embedded database the request is handed to it (cli/lib/accounts.ts), for a lead.
import { isRole, ROLES, USER_NAME } from '../../db/queries/auth';
import { parseCommandLine } from '../lib/args';
import { runAccount } from '../lib/accounts';
import { UsageError } from '../lib/errors';

export const summary = 'Bearer tokens for the CLI and scripts: create NAME --role R, list, revoke NAME';

const USAGE = 'tickmark token create NAME --role viewer|contributor|lead | list [--json] | revoke NAME';
const HELP = `Usage: ${USAGE}

  create NAME --role ROLE   prints a new token once (store it: it cannot be shown again); events recorded
                            through it carry NAME. Use it as TICKMARK_TOKEN=… for tickmark set/add/… handed to
                            the dashboard, or as 'Authorization: Bearer …' from a script.
  list [--json]             tokens, roles, created and revoked dates (never the token)
  revoke NAME               the token stops working at once
`;

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandLine(args, {
    options: { role: { type: 'string' }, json: { type: 'boolean' } },
    usage: USAGE,
    help: HELP,
    positionals: [1, 2],
  });
  if (!parsed) return 0;
  const [verb, name] = parsed.positionals;
  if (verb !== 'list' && !name) throw new UsageError(`missing NAME; usage: ${USAGE}`);
  if (verb === 'create') {
    if (!USER_NAME.test(name!))
      throw new UsageError(
        `a token name is 1-64 letters, digits and . _ @ - (starting with a letter or digit), not '${name}'`,
      );
    const role = parsed.values.role;
    if (!role || !isRole(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
    const { message, token } = await runAccount({ kind: 'token-create', name: name!, role });
    process.stderr.write(`${message}\n`);
    process.stdout.write(`${token}\n`);
    return 0;
  }
  if (verb === 'list') {
    const { tokens = [], message } = await runAccount({ kind: 'token-list' });
    if (parsed.values.json) process.stdout.write(`${JSON.stringify(tokens, null, 2)}\n`);
    else if (!tokens.length) process.stdout.write(`${message}\n`);
    else
      for (const t of tokens)
        process.stdout.write(
          `${t.name}\t${t.role}\tcreated ${t.createdAt}${t.revokedAt ? `\trevoked ${t.revokedAt}` : ''}\n`,
        );
    return 0;
  }
  if (verb === 'revoke') {
    process.stdout.write(`${(await runAccount({ kind: 'token-revoke', name: name! })).message}\n`);
    return 0;
  }
  throw new UsageError(`unknown action '${verb}'; usage: ${USAGE}`);
}
