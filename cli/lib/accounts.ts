// Runs a `tickmark user|token` request where the database is: handed to the running dashboard when it holds
// the embedded one (or TICKMARK_SERVER names one), else on the database opened here (sync/account-commands.ts).
import { closeDb, getDb } from '../../db/client';
import { runAccountRequest, type AccountAnswer, type AccountRequest } from '../../sync/account-commands';
import { handOverAccounts } from '../../sync/account-handover';
import { runningServer } from '../../sync/handover';
import { CliError } from './errors';

/** The answer when it succeeded; a refusal ends the command with its sentence (exit 1). */
export async function runAccount(request: AccountRequest): Promise<Extract<AccountAnswer, { ok: true }>> {
  const server = runningServer();
  // null: the dashboard is gone (or predates the hand-over); the database is then ours to open.
  const handed = server ? await handOverAccounts(server, request) : null;
  let answer: AccountAnswer;
  if (handed) answer = handed;
  else {
    try {
      answer = await runAccountRequest(await getDb(), request);
    } finally {
      await closeDb();
    }
  }
  if (!answer.ok) throw new CliError(answer.message);
  return answer;
}
