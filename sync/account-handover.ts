// `tickmark user` and `tickmark token` beside a running dashboard: the embedded PGlite is open in the server's
// process only, so the CLI hands the request to it (the same announcement and POST as `tickmark set`,
// sync/handover.ts) and the server carries it out (server/cli-accounts.ts) for a lead — a lead's token, or the
// OS user of a loopback server in local mode. The answer is what the CLI prints.
import type { AccountAnswer, AccountRequest } from './account-commands';
import { postToServer, type RunningServer } from './handover';

/** The endpoint taking `tickmark user|token` requests (server/cli-accounts.ts). */
export const CLI_ACCOUNTS = '/api/cli/accounts';

/** Posts the request to the running dashboard; null when it cannot be reached. */
export function handOverAccounts(server: RunningServer, request: AccountRequest): Promise<AccountAnswer | null> {
  return postToServer<AccountAnswer>(server, CLI_ACCOUNTS, request);
}
