// `tickmark parse FILE [--json | --summary]`: what Tickmark reads in a plan.
import { parseCommandLine } from '../lib/args';
import { UsageError } from '../lib/errors';
import { loadPlan } from '../lib/plan-file';
import { planReport } from '../lib/plan-report';
import { printOutline, printSummary } from '../lib/plan-text';

export const summary = 'Show what a plan holds: phases, sections, items, stated vs counted, progress log (--json)';

const USAGE = 'tickmark parse FILE [--json | --summary | --model]';
const HELP = `Usage: ${USAGE}

Without options: the counts, then every phase, section and item, one per line.
  --summary   only the counts: stated vs counted, per phase, and how many diagnostics
  --json      items (id, key, title, status, line, phase, section, doneDate), phases, sections,
              summary stated vs counted, progress log with expanded ids, diagnostics
  --model     the parser's whole model as JSON, source offsets included
`;

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandLine(args, {
    usage: USAGE,
    help: HELP,
    positionals: [1, 1],
    options: {
      json: { type: 'boolean', default: false },
      summary: { type: 'boolean', default: false },
      model: { type: 'boolean', default: false },
    },
  });
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  if ([values.json, values.summary, values.model].filter(Boolean).length > 1) {
    throw new UsageError('choose one of --json, --summary and --model');
  }
  const [file] = positionals;
  const plan = await loadPlan(file);
  if (values.model) process.stdout.write(`${JSON.stringify(plan.model, null, 2)}\n`);
  else if (values.json) process.stdout.write(`${JSON.stringify(planReport(file, plan.model), null, 2)}\n`);
  else if (values.summary) printSummary(file, plan.model);
  else {
    printSummary(file, plan.model);
    printOutline(plan.model);
  }
  return 0;
}
