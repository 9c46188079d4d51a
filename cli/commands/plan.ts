// `tickmark plan new SOURCES… --out FILE`: a phased plan written from gap analyses (source documents).
import { basename } from 'node:path';
import { generatePlan, isIsoDate, TOPIC_STATUSES, type TopicStatus } from '../../parser/index';
import { PlanExistsError, writeNewPlan } from '../../sync/write-new-plan';
import { parseCommandLine } from '../lib/args';
import { CliError, UsageError } from '../lib/errors';
import { readSources } from '../lib/read-sources';
import { MERGE_USAGE, planMerge } from '../lib/plan-merge';

export const summary =
  'Plans from gap analyses: `plan new SOURCES… --out FILE` writes a phased plan, `plan merge PLAN SOURCES…` adds new gaps';

const USAGE =
  'tickmark plan new SOURCES… --out FILE [--include MISSING,PARTIAL] [--prefix "Caching=CACHE"]… [--capacity N/week --start DATE] [--title TEXT] [--same "A=B"]… [--force]';
const HELP = `Usage: ${USAGE}
       ${MERGE_USAGE}

Reads gap analyses (topic tables with Status and Priority columns under category headings), merges the
same topic from several sources into one, and writes a plan: one phase per priority (HIGH → Phase 1),
one section per category, items \`- [ ] **CACHE-001**: Topic - gap description\`, an empty progress log and a
Source Coverage table linking each item to its topics. The same sources give the same bytes.

  --out FILE          the plan to write (refused if it exists, unless --force)
  --include LIST      statuses to plan (default MISSING,PARTIAL; EXISTS also allowed)
  --prefix CAT=ID     ID prefix for a category (default: derived from its name); repeatable
  --capacity N/week   items per week: adds a schedule with each phase's target date (needs --start)
  --start DATE        first day of the schedule (YYYY-MM-DD)
  --title TEXT        the plan's title (default "<first source's title> Implementation Plan")
  --same "A=B"        treat two similar topic titles as one topic (offered after a run); repeatable
  --force             replace an existing --out file
`;

export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'new') return planNew(rest);
  if (sub === 'merge') return planMerge(rest);
  if (sub === undefined || sub === '--help' || sub === '-h') {
    process.stdout.write(HELP);
    return 0;
  }
  throw new UsageError(`unknown subcommand '${sub}'; usage: ${USAGE}`);
}

async function planNew(args: string[]): Promise<number> {
  const parsed = parseCommandLine(args, {
    usage: USAGE,
    help: HELP,
    positionals: [1, Infinity],
    options: {
      out: { type: 'string' },
      include: { type: 'string', default: 'MISSING,PARTIAL' },
      prefix: { type: 'string', multiple: true, default: [] },
      capacity: { type: 'string' },
      start: { type: 'string' },
      title: { type: 'string' },
      same: { type: 'string', multiple: true, default: [] },
      force: { type: 'boolean', default: false },
    },
  });
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  if (!values.out) throw new UsageError(`--out FILE is required; usage: ${USAGE}`);
  const include = parseInclude(values.include);
  const prefixes = parsePrefixes(values.prefix);
  const capacity = parseCapacity(values.capacity, values.start);

  const models = await readSources(positionals);
  const confirmed = values.same.map((pair): [string, string] => {
    const [a, b] = pair.split('=');
    if (!a?.trim() || !b?.trim()) throw new UsageError(`--same takes "TOPIC=TOPIC", not '${pair}'`);
    return [a.trim(), b.trim()];
  });
  const rendered = generatePlan(models, {
    title:
      values.title ??
      `${(models[0].title ?? basename(positionals[0])).replace(/^gap analysis:\s*/i, '')} Implementation Plan`,
    include,
    prefixes,
    capacity,
    confirmed,
  });
  const { topics, nearMatches } = rendered;
  // The output must read back as a plan holding exactly the chosen topics; anything else is our bug.
  if (rendered.readBackError) {
    throw new CliError(`the generated plan does not read back cleanly (${rendered.readBackError}); nothing written`);
  }
  try {
    await writeNewPlan(values.out, rendered.text, { force: values.force });
  } catch (error) {
    if (error instanceof PlanExistsError) throw new CliError(error.message);
    throw error;
  }
  const perPhase = rendered.perPhase.map((p) => `Phase ${p.phase}: ${p.items}`).join(', ');
  process.stdout.write(
    `${values.out}: ${rendered.items.length} items from ${topics.length} topics in ${models.length} source${models.length === 1 ? '' : 's'} (${perPhase})\n`,
  );
  const merged = topics.filter((t) => t.origins.length > 1).length;
  if (merged) process.stdout.write(`${merged} topics appear in several sources and were merged\n`);
  for (const t of topics.filter((t) => t.priorityDiffers)) {
    process.stdout.write(`priority differs across sources for "${t.topic}"; kept ${t.priority}\n`);
  }
  for (const m of nearMatches)
    process.stdout.write(`similar, kept apart (merge with --same "${m.a}=${m.b}"): "${m.a}" / "${m.b}"\n`);
  for (const t of rendered.unprioritised) process.stdout.write(`not planned (no priority): "${t.topic}"\n`);
  return 0;
}

function parseInclude(value: string): TopicStatus[] {
  const words = value
    .split(',')
    .map((w) => w.trim().toUpperCase())
    .filter(Boolean);
  const bad = words.filter((w) => !(TOPIC_STATUSES as readonly string[]).includes(w));
  if (bad.length || !words.length) {
    throw new UsageError(`--include takes ${TOPIC_STATUSES.join(', ')} separated by commas, not '${value}'`);
  }
  return words as TopicStatus[];
}

function parsePrefixes(values: string[]): Record<string, string> {
  const prefixes: Record<string, string> = {};
  for (const v of values) {
    const m = /^(.+?)=([A-Za-z][A-Za-z0-9]*)$/.exec(v);
    if (!m) throw new UsageError(`--prefix takes CATEGORY=PREFIX (letters and digits), not '${v}'`);
    prefixes[m[1].trim()] = m[2].toUpperCase();
  }
  return prefixes;
}

function parseCapacity(capacity: string | undefined, start: string | undefined) {
  if (capacity === undefined && start === undefined) return undefined;
  const m = /^(\d+)(?:\/w(?:ee)?k)?$/.exec(capacity ?? '');
  if (!m || Number(m[1]) < 1)
    throw new UsageError(`--capacity takes items per week such as 10/week, not '${capacity ?? ''}'`);
  if (!start || !isIsoDate(start)) {
    throw new UsageError(`--start takes a date YYYY-MM-DD, not '${start ?? ''}'`);
  }
  return { perWeek: Number(m[1]), start };
}
