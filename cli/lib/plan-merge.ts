// `tickmark plan merge PLAN SOURCE… [--dry-run]` (or `plan merge SOURCE… --into PLAN`): adds a gap analysis's
// unplanned topics to an existing plan — each into the section of its category in the phase of its priority,
// with the next free IDs — through the structure engine (applyFromCli: tracked plans go through the
// write-back engine). Existing items, IDs, statuses and the progress log are never touched.
import {
  applyStructureChanges,
  computeCoverage,
  localIsoDate,
  mergePlan,
  topicChanges,
  TOPIC_STATUSES,
  StructureError,
  type TopicStatus,
} from '../../parser/index';
import { parseCommandLine } from './args';
import { CliError, UsageError } from './errors';
import { lineDiff } from './line-diff';
import { loadPlan } from './plan-file';
import { readSources } from './read-sources';
import { applyFromCli, reportStructure } from './structure-change';

export const MERGE_USAGE = 'tickmark plan merge PLAN SOURCE… [--dry-run] [--include MISSING,PARTIAL] [--json]';
const HELP = `Usage: ${MERGE_USAGE}
       tickmark plan merge SOURCE… --into PLAN [--dry-run]

Adds the topics of gap analyses that the plan does not cover yet (by its Source Coverage table and by
title, as \`tickmark coverage\` links them): each into the section of its category in the phase of its
priority (a new section, or a new phase, when there is none), with the next free IDs. Existing items,
their IDs, statuses and the progress log are not touched. Topics only cancelled items cover are listed as
dropped, with the items that dropped them, and are not added again.

  --dry-run        print the lines that would change; write nothing
  --include LIST   statuses to add (default MISSING,PARTIAL)
  --into PLAN      the plan, when the sources come first
  --json           print the outcomes (ID, key, line) as JSON
  --today DATE     the date for Last Updated (YYYY-MM-DD; default today)
`;

export async function planMerge(args: string[]): Promise<number> {
  const parsed = parseCommandLine(args, {
    usage: MERGE_USAGE,
    help: HELP,
    positionals: [1, Infinity],
    options: {
      'dry-run': { type: 'boolean', default: false },
      include: { type: 'string', default: 'MISSING,PARTIAL' },
      into: { type: 'string' },
      json: { type: 'boolean', default: false },
      today: { type: 'string' },
    },
  });
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  const [file, ...sourcePaths] = values.into ? [values.into, ...positionals] : positionals;
  if (!sourcePaths.length) throw new UsageError(`name at least one source; usage: ${MERGE_USAGE}`);
  const include = values.include.split(',').map((s) => s.trim().toUpperCase());
  const unknown = include.filter((s) => !(TOPIC_STATUSES as readonly string[]).includes(s));
  if (unknown.length) throw new UsageError(`--include takes ${TOPIC_STATUSES.join(', ')}, not ${unknown.join(', ')}`);

  const plan = await loadPlan(file);
  if (plan.model.items.length === 0) throw new CliError(`${file}: not a plan (no checkbox items); nothing written`);
  const sources = await readSources(sourcePaths);
  const coverage = computeCoverage(plan.model, plan.source, sources);
  const merge = mergePlan(plan.model, coverage, { include: include as TopicStatus[] });
  const topics = merge.add;
  for (const t of merge.dropped) {
    process.stderr.write(`dropped, not added again: "${t.topic}" (${t.file}:${t.line}) — ${t.reason ?? 'cancelled'}\n`);
  }
  if (!topics.length) {
    process.stderr.write(`${file}: every topic of the sources is covered; nothing to add\n`);
    return 0;
  }
  const changes = topicChanges(
    plan.model,
    topics.map((t) => ({ topic: t.topic, description: t.description, category: t.category, priority: t.priority })),
  );
  if (values['dry-run']) {
    let result;
    try {
      result = applyStructureChanges(plan.source, changes, {
        today: values.today ?? localIsoDate(),
        model: plan.model,
      });
    } catch (error) {
      if (error instanceof StructureError) throw new CliError(`${file}: ${error.message} Nothing was written.`);
      throw error;
    }
    const diff = lineDiff(plan.source, result.text);
    process.stdout.write(diff ? `${diff.join('\n')}\n` : `(a diff of this size is not shown)\n`);
    process.stderr.write(`${file}: would add ${topics.length} topics (dry run: nothing written)\n`);
    return 0;
  }
  const run = await applyFromCli(file, changes, { today: values.today });
  return reportStructure(file, run, values.json);
}
