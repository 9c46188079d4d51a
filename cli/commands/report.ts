// `tickmark report [PLAN] [--week …|--from D --to D] [--json|--format md|csv] [--append]`: the weekly report.
import { reportBlockLines, reportCsv, reportJson, reportMarkdown } from '../../report/render';
import { runningServer } from '../../sync/handover';
import type { ReadRequest } from '../../sync/reads';
import { readPlans } from '../lib/read';
import { parseCommandLine } from '../lib/args';
import { CliError, UsageError } from '../lib/errors';

export const summary = 'Weekly report: done, started, added, per phase, 12-week throughput and forecast (--append)';

const USAGE =
  'tickmark report [PLAN] [--week 2026-W01|"Week 2"|2026-01-03 | --from D --to D] [--json | --format md|csv] [--append]';
const HELP = `Usage: ${USAGE}

PLAN is a slug or a plan file (a file not yet tracked is synced first); without it, all plans added up. Without --week, the
current week. Weeks are ISO weeks (Monday start) unless --week-start says otherwise; "Week 2" is the progress
log's own \`### Week 2\` (the dates of its rows).

  --week W          2026-W01, a progress-log week ("Week 2"), or a date (the week containing it)
  --from D --to D   any range of days (YYYY-MM-DD, both included)
  --json            the report as JSON
  --format md|csv   markdown (default) or the completed items as CSV
  --append          write the week's summary into the plan's progress log, replacing that week's block
  --tz ZONE         IANA time zone the days are counted in (default UTC, or TICKMARK_TZ)
  --week-start DAY  monday (default) … sunday, or 1–7
  --no-sync         do not sync the plan files first
`;

const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

function weekStartArg(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const n = /^[1-7]$/.test(s) ? Number(s) : DAYS.findIndex((d) => d.startsWith(s.toLowerCase()) && s.length >= 2) + 1;
  if (!n) throw new UsageError(`--week-start must be a weekday (monday … sunday) or 1–7, not '${s}'`);
  return n;
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandLine(args, {
    usage: USAGE,
    help: HELP,
    positionals: [0, 1],
    options: {
      week: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      json: { type: 'boolean', default: false },
      format: { type: 'string' },
      append: { type: 'boolean', default: false },
      tz: { type: 'string' },
      'week-start': { type: 'string' },
      'no-sync': { type: 'boolean', default: false },
    },
  });
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  const format = values.json ? 'json' : (values.format ?? 'md');
  if (format !== 'json' && format !== 'md' && format !== 'csv') {
    throw new UsageError(`--format must be md or csv (or use --json), not '${values.format}'`);
  }
  if (values.json && values.format) throw new UsageError('give --json or --format, not both');
  if (values.append && !positionals[0]) throw new UsageError('--append needs a PLAN: which plan to write into');
  const request = {
    command: 'report',
    plan: positionals[0],
    sync: !values['no-sync'],
    selection: { week: values.week, from: values.from, to: values.to },
    timeZone: values.tz ?? process.env.TICKMARK_TZ ?? 'UTC',
    weekStart: weekStartArg(values['week-start']),
  } as const;
  // Without a PLAN: every plan added up, as the dashboard's all-plans report.
  const { report: r } = values.append ? await reportAndAppend(request) : await readPlans(request);
  if (format === 'json') process.stdout.write(`${JSON.stringify(reportJson(r), null, 2)}\n`);
  else if (format === 'csv') process.stdout.write(reportCsv(r));
  else process.stdout.write(reportMarkdown(r));
  return 0;
}

/** `--append`: the report, then its summary written into the plan's progress log, on this process's database
 * (a write: the dashboard's Reports tab appends beside a running dashboard). */
async function reportAndAppend(request: Extract<ReadRequest, { command: 'report' }>) {
  if (runningServer()?.pid) {
    throw new CliError(
      "the dashboard holds the database: use 'Append to the plan' on its Reports tab, or stop it and run this again",
    );
  }
  const [{ getDb, closeDb }, { answerRead, ReadError }, { getPlanBySlug }, { appendReportBlock }, { plansDir }] =
    await Promise.all([
      import('../../db/client'),
      import('../../sync/reads'),
      import('../../db/queries/plans'),
      import('../../sync/report-append'),
      import('../../sync/config'),
    ]);
  try {
    const db = await getDb({ brief: true });
    const answer = await answerRead(db, request, { plansDir: plansDir() }).catch((error: unknown) => {
      throw error instanceof ReadError ? new CliError(error.message) : error;
    });
    for (const w of answer.warnings) process.stderr.write(`warning: ${w}\n`);
    const r = answer.report;
    const plan = r.plan && (await getPlanBySlug(db, r.plan.slug));
    if (!plan) throw new CliError(`no plan '${request.plan}'`);
    const result = await appendReportBlock(db, plan.id, r.week.id, reportBlockLines(r), { source: 'cli' });
    process.stderr.write(
      result.changed
        ? `${result.file}: wrote the ${r.week.id} report into the progress log\n`
        : `${result.file}: the ${r.week.id} report is already there; nothing to change\n`,
    );
    return answer;
  } finally {
    await closeDb();
  }
}
