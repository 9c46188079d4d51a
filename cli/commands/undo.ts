// `tickmark undo FILE`: take back the plan's last change made through Tickmark (dashboard or CLI), byte for
// byte, with the items' history; refused when the file changed since. Handed to the running dashboard when it
// holds the embedded database, as `set` is.
import { userInfo } from 'node:os';
import path from 'node:path';
import { parseCommandLine } from '../lib/args';
import { CliError } from '../lib/errors';
import { NothingToUndoError, trackedPlanOf, undoLast } from '../../sync/engine';
import { handOverUndo, runningServer } from '../../sync/handover';

export const summary = "Undo the plan's last change made through Tickmark (refused if the file changed since)";

const USAGE = 'tickmark undo FILE';
const HELP = `Usage: ${USAGE}

Restores the exact previous bytes of the lines the last change touched, the items' previous status and
completion date (and their place in the progress log), and takes back the change's history. Run it again to
undo the change before. When the file changed since that change, it says so and does nothing.
`;

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandLine(args, { usage: USAGE, help: HELP, positionals: [1, 1], options: {} });
  if (!parsed) return 0;
  const [file] = parsed.positionals;
  const actor = userInfo().username;
  const tracked = await trackedPlanOf(file);
  if (tracked) {
    try {
      const r = await undoLast(tracked.db, { id: tracked.plan.id }, { source: 'cli', actor });
      process.stdout.write(`${file}: undid ${r.summary}\n`);
      return 0;
    } catch (error) {
      if (error instanceof NothingToUndoError) throw new CliError(error.message);
      throw error;
    }
  }
  const server = runningServer();
  const answer = server ? await handOverUndo(server, { file: path.resolve(file), actor }) : null;
  if (!answer) throw new CliError(`${file} is not a plan Tickmark tracks: there is no change to undo`);
  if (!answer.ok) throw new CliError(answer.message ?? 'the undo failed');
  process.stdout.write(`${file}: undid ${answer.summary}\n`);
  return 0;
}
