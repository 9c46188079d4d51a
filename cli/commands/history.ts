// `tickmark history FILE [ITEM] [--json]`: the events of one item (or of the whole plan), oldest first — the
// history the item page shows. `tickmark history import FILE`: derive the plan's history from the file's git
// commits (sync/git-history.ts).
import path from 'node:path';
import { parseCommandLine } from '../lib/args';
import { CliError } from '../lib/errors';
import { progressBar } from '../lib/progress-bar';
import { readPlans } from '../lib/read';

export const summary = "Print an item's or a plan's history (--json); `history import FILE` reads it from git";

const USAGE = 'tickmark history FILE [ITEM] [--json] | tickmark history import FILE';
const HELP = `Usage: ${USAGE}

  FILE [ITEM]   the events of the item (an ID, a key or line:N), or of every item: time, item, from → to,
                where the change came from (file edit, dashboard, command line, progress log, git commit)
                and who made it; --json prints [{id, key, from, to, at, source, actor}] with ISO times
  import FILE   when FILE is in a git work tree: every commit of it from before Tickmark tracked it becomes
                dated events (additions, status changes, removals) by the commit's author; run again to
                redo. Dates the progress log states win.
`;

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandLine(args, {
    usage: USAGE,
    help: HELP,
    positionals: [1, 2],
    options: { json: { type: 'boolean', default: false } },
  });
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  if (positionals[0] === 'import') {
    const file = positionals[1];
    if (!file) throw new CliError(`Usage: ${USAGE}`);
    return importHistory(file);
  }
  const [file, ref] = positionals;
  // The item as the file names it now (an ID, a key or line:N): reading the file needs the parser.
  const key = ref === undefined ? undefined : await (await import('../lib/item-key')).itemKey(file, ref);
  const { rows } = await readPlans({ command: 'history', plan: file, key });
  if (values.json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  if (!rows.length) process.stdout.write(`${file}: no history yet\n`);
  for (const r of rows) {
    const by = r.actor ? ` (${r.actor})` : '';
    process.stdout.write(`${r.at}  ${r.id ?? r.key}  ${r.from ?? 'new'} → ${r.to}  ${r.source}${by}\n`);
  }
  return 0;
}

/** Re-reads the plan's git history: on this process's database, or — while a dashboard holds the embedded one —
 * handed to it, as the other commands are. */
async function importHistory(file: string): Promise<number> {
  const { handOverHistoryImport, runningServer } = await import('../../sync/handover');
  const server = runningServer();
  if (server) {
    process.stderr.write('Reading commits (handed to the running dashboard)…\n');
    const answer = await handOverHistoryImport(server, { file: path.resolve(file) });
    if (answer && !answer.ok) throw new CliError(answer.message ?? `the dashboard at ${server.url} could not answer`);
    if (answer) return printImported(file, answer.inGit ? { events: answer.events!, commits: answer.commits! } : null);
  }
  const [{ trackedPlanOf }, { importGitHistory }] = await Promise.all([
    import('../../sync/engine'),
    import('../../sync/git-history'),
  ]);
  const tracked = await trackedPlanOf(file);
  if (!tracked) throw new CliError(`${file} is not tracked: run \`tickmark sync ${file}\` first`);
  const bar = progressBar();
  const r = await importGitHistory(tracked.db, tracked.plan.id, file, {
    onProgress: (done, total) => bar.update('Reading commits', done, total),
  });
  bar.clear();
  return printImported(file, r);
}

function printImported(file: string, r: { events: number; commits: number } | null): number {
  if (!r) throw new CliError(`${file} is not in a git work tree: its history starts at its first import`);
  process.stdout.write(`${file}: ${r.events} events from ${r.commits} commits\n`);
  return 0;
}
