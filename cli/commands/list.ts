// `tickmark list [PLAN] [--prefix P] [--status S]`: items with filters.
import { parseCommandArgs, expectPositionals } from '../lib/args';
import { UsageError } from '../lib/errors';
import { readPlans } from '../lib/read';
import { STATUSES, STATUS_INFO, type Status as ItemStatus } from '../../parser/status-registry';

export const summary = 'List items, filtered by ID prefix (--prefix CACHE), status (--status todo), phase';

const USAGE = `Usage: tickmark list [PLAN] [--prefix PREFIX] [--status STATUS[,STATUS]] [--phase KEY]
                     [--search TEXT] [--limit N] [--offset N] [--removed] [--json] [--no-sync]

STATUS is one of ${STATUSES.join(', ')}. --removed includes items gone from the document.`;

const mark = (s: ItemStatus) => `[${STATUS_INFO[s].markers[0]}]`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs({
    args,
    allowPositionals: true,
    options: {
      prefix: { type: 'string' },
      status: { type: 'string' },
      phase: { type: 'string' },
      search: { type: 'string' },
      limit: { type: 'string' },
      offset: { type: 'string' },
      removed: { type: 'boolean' },
      json: { type: 'boolean' },
      'no-sync': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  expectPositionals(positionals, 0, 1, 'tickmark list [PLAN] [--prefix P] [--status S]');
  const statuses = values.status?.split(',').map((s) => s.trim()) as ItemStatus[] | undefined;
  for (const s of statuses ?? []) {
    if (!STATUSES.includes(s)) throw new UsageError(`unknown status '${s}'; use one of ${STATUSES.join(', ')}`);
  }
  const num = (name: string, v: string | undefined, dflt: number, min: number) => {
    if (v === undefined) return dflt;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be a whole number ≥ ${min}, not '${v}'`);
    return n;
  };
  const limit = num('limit', values.limit, 1000, 1);
  const offset = num('offset', values.offset, 0, 0);
  const { page, slugs } = await readPlans({
    command: 'list',
    plan: positionals[0],
    sync: !values['no-sync'],
    prefix: values.prefix,
    status: statuses,
    phaseKey: values.phase,
    search: values.search,
    includeRemoved: values.removed,
    limit,
    offset,
  });
  if (values.json) {
    process.stdout.write(`${JSON.stringify(page, null, 2)}\n`);
    return 0;
  }
  // Across several plans, say which plan each item belongs to.
  for (const it of page.items) {
    const removed = it.removedAt ? ' (removed)' : '';
    const where = slugs ? `${slugs[it.planId]}  ` : '';
    process.stdout.write(`${where}${mark(it.status)} ${it.itemId ? `${it.itemId}: ` : ''}${it.title}${removed}\n`);
  }
  const shown = page.items.length;
  if (page.total > shown) process.stderr.write(`(${shown} of ${page.total} shown; use --limit/--offset)\n`);
  else if (!shown) process.stderr.write('no items match\n');
  return 0;
}
