// `tickmark set FILE ITEM STATUS`: change one item's status in the file, as the smallest edit, atomically.
import { parseCommandLine } from '../lib/args';
import { UsageError } from '../lib/errors';
import { setStatusInFile } from '../lib/set-status-file';
import { parseStatusArg } from '../lib/status-arg';

export const summary = 'Set an item to todo, in-progress, done or cancelled, editing the file in place';

const USAGE = 'tickmark set FILE ITEM STATUS [--dry-run] [--today YYYY-MM-DD]';
const HELP = `Usage: ${USAGE}

  ITEM     an ID (CACHE-001), an item key (as \`tickmark parse --json\` prints it) or line:N
  STATUS   todo | in-progress | done | cancelled

Rewrites only the status character (and the bookkeeping the plan keeps: ✅ markers, summary counts,
progress log) and writes the file atomically. Refuses if the file changed while it was being edited.

  --dry-run        print the edits, write nothing
  --today DATE     the date to record for a completion (default: today)
`;

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandLine(args, {
    usage: USAGE,
    help: HELP,
    positionals: [3, 3],
    options: {
      'dry-run': { type: 'boolean', default: false },
      today: { type: 'string' },
    },
  });
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  const [file, ref, statusText] = positionals;
  const status = parseStatusArg(statusText);
  if (values.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.today)) {
    throw new UsageError(`--today must be a date as YYYY-MM-DD, not '${values.today}'`);
  }
  const result = await setStatusInFile(file, ref, status, { today: values.today, dryRun: values['dry-run'] });
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
      process.stdout.write(`  @${edit.start}-${edit.end} ${JSON.stringify(edit.expect)} → ${JSON.stringify(edit.text)}\n`);
    }
  }
  return 0;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
