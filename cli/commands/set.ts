// `tickmark set FILE ITEM STATUS`: change one item's status in the file, as the smallest edit, atomically.
import { parseCommandLine } from '../lib/args';
import { CliError, UsageError } from '../lib/errors';
import { setStatusInFile } from '../lib/set-status-file';
import { parseStatusArg } from '../lib/status-arg';
import { userInfo } from 'node:os';
import path from 'node:path';
import { isIsoDate, type Item, type Status } from '../../parser/index';
import { setStatus, trackedPlanOf } from '../../sync/engine';
import { loadPlan } from '../lib/plan-file';
import { resolveItem } from '../lib/resolve-item';
import { itemKey } from '../lib/item-key';
import { applyFromCli, reportStructure } from '../lib/structure-change';
import { handOverSetStatus, runningServer, type RunningServer } from '../../sync/handover';

export const summary = 'Set an item to todo, in-progress, done or cancelled, editing the file in place';

const USAGE = 'tickmark set FILE ITEM… STATUS [--dry-run] [--today YYYY-MM-DD] [--note TEXT] [--json]';
const HELP = `Usage: ${USAGE}

  ITEM     an ID (CACHE-001), an item key (as \`tickmark parse --json\` prints it) or line:N; several items
           are set in one write
  STATUS   todo | in-progress | done | cancelled

Rewrites only the status character (and the bookkeeping the plan keeps: ✅ markers, summary counts,
progress log) and writes the file atomically. Refuses if the file changed while it was being edited.
A plan Tickmark tracks also gets the change recorded in its history — by the dashboard (npm start) when one
runs on the embedded database.

  --dry-run        print the edits, write nothing
  --today DATE     the date to record for a completion (default: today)
  --note TEXT      the Notes cell of the progress-log row a completion writes
`;

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandLine(args, {
    usage: USAGE,
    help: HELP,
    positionals: [3, Infinity],
    options: {
      'dry-run': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      today: { type: 'string' },
      note: { type: 'string' },
    },
  });
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  if (positionals.length > 3) return setMany(positionals, values);
  const [file, ref, statusText] = positionals;
  const status = parseStatusArg(statusText);
  if (values.today !== undefined && !isIsoDate(values.today)) {
    throw new UsageError(`--today must be a calendar date as YYYY-MM-DD, not '${values.today}'`);
  }
  // A tracked plan changes through the write-back engine (event, version, log, sync state in one step):
  // here, or in the dashboard server that holds the embedded database.
  const tracked = values['dry-run'] ? null : await trackedPlanOf(file);
  if (tracked) return setTracked(tracked, file, ref, status, values.today, values.note);
  const server = values['dry-run'] ? null : runningServer();
  const handed = server ? await setThroughServer(server, file, ref, status, values.today, values.note) : null;
  if (handed !== null) return handed;
  const result = await setStatusInFile(file, ref, status, {
    today: values.today,
    dryRun: values['dry-run'],
    note: values.note,
  });
  const label = result.item.id ?? result.item.key;
  if (result.from === result.to) {
    process.stdout.write(`${file}:${result.item.line}: ${label} is already ${status}; nothing to change\n`);
    return 0;
  }
  const verb = values['dry-run'] ? 'would set' : 'set';
  process.stdout.write(
    `${file}:${result.item.line}: ${verb} ${label} ${result.from} → ${result.to} (${plural(result.edits.length, 'edit')})\n`,
  );
  if (values['dry-run']) {
    for (const edit of result.edits) {
      process.stdout.write(
        `  @${edit.start}-${edit.end} ${JSON.stringify(edit.expect)} → ${JSON.stringify(edit.text)}\n`,
      );
    }
  }
  return 0;
}

async function setTracked(
  tracked: NonNullable<Awaited<ReturnType<typeof trackedPlanOf>>>,
  file: string,
  ref: string,
  status: Status,
  today: string | undefined,
  note: string | undefined,
): Promise<number> {
  const item = resolveItem((await loadPlan(file)).model, ref);
  const r = await setStatus(tracked.db, { id: tracked.plan.id }, item.key, status, {
    source: 'cli',
    actor: userInfo().username,
    today,
    note,
  });
  return reportRecorded(file, item, status, { edits: r.edits.length, slug: tracked.plan.slug, version: r.version });
}

/** Hands the change to the running dashboard; null when it does not track the file (or is gone): the file
 * is then edited directly, and a server watching it imports the edit. */
async function setThroughServer(
  server: RunningServer,
  file: string,
  ref: string,
  status: Status,
  today: string | undefined,
  note: string | undefined,
): Promise<number | null> {
  const item = resolveItem((await loadPlan(file)).model, ref);
  const answer = await handOverSetStatus(server, {
    file: path.resolve(file),
    key: item.key,
    status,
    today,
    note,
  });
  if (answer === null) return null;
  if (!answer.ok) throw new CliError(`${file}: the dashboard at ${server.url} refused the change: ${answer.message}`);
  return reportRecorded(file, item, status, {
    edits: answer.edits ?? 0,
    slug: answer.slug,
    version: answer.version,
    by: server.url,
  });
}

function reportRecorded(
  file: string,
  item: Item,
  status: Status,
  r: { edits: number; slug?: string; version?: number; by?: string },
): number {
  const label = item.id ?? item.key;
  if (!r.edits) {
    process.stdout.write(`${file}:${item.line}: ${label} is already ${status}; nothing to change\n`);
    return 0;
  }
  const where = `recorded in plan ${r.slug}, version ${r.version}${r.by ? `, by the dashboard at ${r.by}` : ''}`;
  process.stdout.write(
    `${file}:${item.line}: set ${label} ${item.status} → ${status} (${plural(r.edits, 'edit')}; ${where})\n`,
  );
  return 0;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Several items, one write (and one set of bookkeeping edits). */
async function setMany(positionals: string[], values: { 'dry-run': boolean; json: boolean; today?: string }) {
  const file = positionals[0];
  const status = parseStatusArg(positionals[positionals.length - 1]);
  if (values['dry-run']) throw new UsageError('--dry-run takes one item; name one item to preview its edits');
  const keys = await Promise.all(positionals.slice(1, -1).map((ref) => itemKey(file, ref)));
  const r = await applyFromCli(
    file,
    keys.map((key) => ({ kind: 'set-status', key, status })),
    { today: values.today },
  );
  return reportStructure(file, r, values.json);
}
