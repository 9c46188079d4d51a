// `tickmark add-section FILE --phase P "Title"`: a section heading at the end of a phase, numbered next.
import { parseCommandLine } from '../lib/args';
import { UsageError } from '../lib/errors';
import { applyFromCli, reportStructure, STRUCTURE_OPTIONS, structureOptionsHelp } from '../lib/structure-change';

export const summary = 'Add a section to a phase (next number: 1.11 after 1.10), or rename one';

const USAGE =
  'tickmark add-section FILE --phase P "Title" [--json]\n       tickmark add-section FILE --rename S "Title"';
const HELP = `Usage: ${USAGE}

  P        a phase number, key or the start of its heading
  S        a section number, key or the start of its heading: rename it instead of adding one

${structureOptionsHelp("the section's key and line")}`;

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandLine(args, {
    usage: USAGE,
    help: HELP,
    positionals: [2, 2],
    options: {
      phase: { type: 'string' },
      rename: { type: 'string' },
      ...STRUCTURE_OPTIONS,
    },
  });
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  const [file, title] = positionals;
  if ((values.phase === undefined) === (values.rename === undefined)) {
    throw new UsageError(`give --phase (to add) or --rename (to rename), one of them; usage: ${USAGE}`);
  }
  const change =
    values.rename !== undefined
      ? ({ kind: 'rename-section', section: values.rename, title } as const)
      : ({ kind: 'add-section', phase: values.phase!, title } as const);
  const r = await applyFromCli(file, [change], { today: values.today });
  return reportStructure(file, r, values.json);
}
