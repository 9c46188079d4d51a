// `tickmark add-phase FILE "Name" [--priority HIGH]`: a phase heading after the last, in its pattern.
import { parseCommandLine } from '../lib/args';
import { applyFromCli, reportStructure, STRUCTURE_OPTIONS, structureOptionsHelp } from '../lib/structure-change';

export const summary = 'Add a phase after the last one (next number, a priority, the heading pattern)';

const USAGE = 'tickmark add-phase FILE "Name" [--priority HIGH] [--json]';
const HELP = `Usage: ${USAGE}

The heading follows the last phase's pattern (\`## Phase 4: Name (HIGH Priority - 0 items)\`).

  --priority P     CRITICAL | HIGH | MEDIUM | LOW (or the plan's own word)
${structureOptionsHelp("the phase's key and line")}`;

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandLine(args, {
    usage: USAGE,
    help: HELP,
    positionals: [2, 2],
    options: {
      priority: { type: 'string' },
      ...STRUCTURE_OPTIONS,
    },
  });
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  const [file, name] = positionals;
  const r = await applyFromCli(file, [{ kind: 'add-phase', name, priority: values.priority }], { today: values.today });
  return reportStructure(file, r, values.json);
}
