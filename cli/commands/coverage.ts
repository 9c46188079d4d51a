// `tickmark coverage PLAN --sources SOURCES…`: which source topics a plan covers, both ways.
import { readFileSync } from 'node:fs';
import {
  computeCoverage,
  linksAfterEdits,
  parsePlan,
  readCoverageTable,
  sameLinks,
  unplannedTopics,
  type Coverage,
  type LinkEdit,
} from '../../parser/index';
import { coverageChange } from '../../sync/save-coverage';
import { applyFromCli } from '../lib/structure-change';
import { parseCommandLine } from '../lib/args';
import { CliError, UsageError } from '../lib/errors';
import { readPlanFile } from '../../sync/read-plan-file';
import { readSources } from '../lib/read-sources';

export const summary = 'Coverage both ways: which gap-analysis topics a plan covers, and what covers each topic';

const USAGE =
  'tickmark coverage PLAN --sources SOURCE… [--json] [--link ID=FILE:TOPIC]… [--unlink ID=FILE:TOPIC]… [--save]';
const HELP = `Usage: ${USAGE}

Links each plan item to the source topics it covers: the links stored in the plan's Source Coverage table,
else found by title. Prints, per source file, category and priority: topics, planned, done, dropped (only
cancelled items cover it), existing (the source says EXISTS); then the unplanned MISSING/PARTIAL topics,
HIGH first, and the items that cover no topic.

  --sources FILE…        the gap analyses (repeat the flag or list the files after it)
  --json                 print {topics, items, groups, unplanned, stale} as JSON
  --link ID=FILE:TOPIC   add a link (FILE is the source's file name as listed)
  --unlink ID=FILE:TOPIC remove a link; an item left with none is stored as covering no topic
  --save                 write the links (found and stored, with --link/--unlink applied) into the plan's
                         Source Coverage table, so they survive renames; no other line changes
`;

export async function run(args: string[]): Promise<number> {
  // `--sources a b c` takes the files after it: split them off before the usual option parsing.
  const rest: string[] = [];
  const sourcePaths: string[] = [];
  let inSources = false;
  for (const arg of args) {
    if (arg === '--sources') inSources = true;
    else if (arg.startsWith('--sources=')) sourcePaths.push(arg.slice('--sources='.length));
    else if (arg.startsWith('-')) {
      inSources = false;
      rest.push(arg);
    } else if (inSources) sourcePaths.push(arg);
    else rest.push(arg);
  }
  const parsed = parseCommandLine(rest, {
    usage: USAGE,
    help: HELP,
    positionals: [1, 1],
    options: {
      json: { type: 'boolean', default: false },
      link: { type: 'string', multiple: true, default: [] },
      unlink: { type: 'string', multiple: true, default: [] },
      save: { type: 'boolean', default: false },
    },
  });
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  if (!sourcePaths.length) throw new UsageError(`--sources is required; usage: ${USAGE}`);
  const planPath = positionals[0];
  const { source } = await readPlanFile(planPath);
  const plan = parsePlan(source);
  if (plan.items.length === 0) throw new CliError(`${planPath}: not a plan (no checkbox items)`);
  const sources = await readSources(sourcePaths);

  let text = source;
  if (values.link.length || values.unlink.length || values.save) {
    const ids = new Set(plan.items.map((i) => i.id ?? i.key));
    const edits = [
      ...values.link.map((l) => ['link', l] as const),
      ...values.unlink.map((l) => ['unlink', l] as const),
    ];
    const links = linksAfterEdits(computeCoverage(plan, source, sources), linkEditsOf(edits, ids, sources), {
      all: true,
    });
    if (!values.save) throw new UsageError('--link and --unlink take effect with --save');
    // The way every structure command goes: the engine when the plan is tracked (lock, crash intent, one
    // Undo), the running dashboard when it holds the embedded database, else the file alone.
    const stored = readCoverageTable(source);
    if (sameLinks(stored, links)) process.stderr.write(`${planPath}: links unchanged\n`);
    else {
      const what = `saved ${links.length} coverage links`;
      const run = await applyFromCli(planPath, [coverageChange(stored, links, what)], {});
      const where = run.slug ? ` (recorded in plan ${run.slug}${run.by ? `, by the dashboard at ${run.by}` : ''})` : '';
      process.stderr.write(`${planPath}: ${links.length} links saved${where}\n`);
    }
    text = readFileSync(planPath, 'utf8');
  }
  const coverage = computeCoverage(parsePlan(text), text, sources);
  if (values.json) {
    process.stdout.write(`${JSON.stringify(toJson(coverage), null, 2)}\n`);
    return 0;
  }
  printCoverage(coverage);
  return 0;
}

/** The user's --link/--unlink as link edits (ID=FILE:TOPIC resolved against the sources). */
function linkEditsOf(
  edits: ReadonlyArray<readonly ['link' | 'unlink', string]>,
  ids: Set<string>,
  sources: Awaited<ReturnType<typeof readSources>>,
): LinkEdit[] {
  return edits.map(([kind, spec]) => {
    const m = /^([^=]+)=([^:]+):(.+)$/.exec(spec);
    if (!m) throw new UsageError(`--${kind} takes ID=FILE:TOPIC, not '${spec}'`);
    const [, id, file, topicName] = m.map((s) => s.trim());
    if (!ids.has(id)) throw new CliError(`no item ${id} in the plan`);
    const topic = sources
      .find((s) => s.file === file)
      ?.topics.find((t) => t.topic.toLowerCase() === topicName.toLowerCase());
    if (!topic) throw new CliError(`no topic "${topicName}" in ${file}; the file name is the source's base name`);
    return { kind, id, topic: { file: topic.file, line: topic.line, topic: topic.topic } };
  });
}

function toJson(coverage: Coverage) {
  return {
    topics: coverage.topics.map((t) => ({
      file: t.file,
      line: t.line,
      category: t.category,
      topic: t.topic,
      status: t.status,
      priority: t.priority,
      state: t.state,
      reason: t.reason,
      items: t.items,
    })),
    items: coverage.items.map((i) => ({
      id: i.id,
      title: i.title,
      status: i.status,
      found: i.found,
      topics: i.topics,
    })),
    groups: coverage.groups,
    unplanned: unplannedTopics(coverage).map((t) => ({
      file: t.file,
      line: t.line,
      topic: t.topic,
      priority: t.priority,
    })),
    stale: coverage.stale,
  };
}

function printCoverage(coverage: Coverage): void {
  const out: string[] = [];
  let file = '';
  for (const g of coverage.groups) {
    if (g.file !== file) out.push(`${(file = g.file)}`);
    out.push(
      `  ${g.category} [${g.priority}]: ${g.topics} topics, ${g.planned} planned, ${g.done} done, ${g.dropped} dropped, ${g.existing} existing, ${g.unplanned} unplanned`,
    );
  }
  for (const t of coverage.topics.filter((t) => t.state === 'dropped')) {
    out.push(`dropped: ${t.file}:${t.line} ${t.topic} (${t.reason})`);
  }
  const unplanned = unplannedTopics(coverage);
  out.push('', `Unplanned MISSING/PARTIAL topics: ${unplanned.length}`);
  for (const t of unplanned) out.push(`  ${t.priority ?? '-'} ${t.file}:${t.line} ${t.category}: ${t.topic}`);
  const lonely = coverage.items.filter((i) => i.topics.length === 0);
  out.push('', `Items covering no topic: ${lonely.length}`);
  for (const i of lonely) out.push(`  ${i.id} ${i.title}`);
  for (const l of coverage.stale) out.push(`stale link: ${l.id} → ${l.file}: "${l.topic}" (no such topic any more)`);
  const linked = coverage.items.length - lonely.length;
  out.push('', `${linked} of ${coverage.items.length} items linked to a topic`);
  process.stdout.write(`${out.join('\n')}\n`);
}
