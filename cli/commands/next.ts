// `tickmark next [PLAN] [--limit N]`: what to work on next — started items first, then by phase priority.
import { parseCommandArgs, expectPositionals } from '../lib/args';
import { UsageError } from '../lib/errors';
import { readPlans } from '../lib/read';
import { STATUS_INFO } from '../../parser/status-registry';

export const summary = 'The next open items: in progress first, then by phase priority and document order';

const USAGE = `Usage: tickmark next [PLAN] [--limit N] [--json] [--no-sync]

Lists open items: those in progress first, then todo items by phase priority (HIGH, MEDIUM, LOW), phase
order and position in the document. Default limit 10.`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs({
    args,
    allowPositionals: true,
    options: {
      limit: { type: 'string', short: 'n' },
      json: { type: 'boolean' },
      'no-sync': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  expectPositionals(positionals, 0, 1, 'tickmark next [PLAN] [--limit N]');
  const limit = values.limit === undefined ? 10 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1)
    throw new UsageError(`--limit must be a positive whole number, not '${values.limit}'`);
  const { items: rows, planNamed } = await readPlans({
    command: 'next',
    plan: positionals[0],
    sync: !values['no-sync'],
    limit,
  });
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ items: rows }, null, 2)}\n`);
    return 0;
  }
  if (!rows.length) {
    process.stdout.write('nothing open: every item is done or cancelled\n');
    return 0;
  }
  const showPlan = !planNamed && new Set(rows.map((r) => r.planSlug)).size > 1;
  for (const r of rows) {
    const mark = `[${STATUS_INFO[r.status].markers[0]}]`;
    const where = [
      showPlan ? r.planSlug : null,
      r.phaseName ? `${r.phaseName}${r.priority ? ` (${r.priority})` : ''}` : null,
      `line ${r.line}`,
    ]
      .filter(Boolean)
      .join(', ');
    process.stdout.write(
      `${mark} ${r.itemId ? `${r.itemId}: ` : ''}${r.title}${r.optional ? ' (optional)' : ''}  — ${where}\n`,
    );
  }
  return 0;
}
