// `tickmark add FILE --section S "Title - description"`: a new item, written like its siblings.
import { STATUSES, type Status } from '../../parser/index';
import { parseCommandLine } from '../lib/args';
import { parseStatusArg } from '../lib/status-arg';
import {
  applyFromCli,
  reportStructure,
  requireOnePlace,
  STRUCTURE_OPTIONS,
  structureOptionsHelp,
} from '../lib/structure-change';
import { itemKey } from '../lib/item-key';

export const summary = 'Add an item to a section (next free ID, in the document’s own style)';

const USAGE =
  'tickmark add FILE (--section S | --phase P) "Title - description" [--id ID] [--status STATUS] [--after ITEM] [--json]';
const HELP = `Usage: ${USAGE}

  S        a section number (1.1), key, or the start of its heading ("Inode Management")
  P        a phase number, key or the start of its heading (the item goes to its last section)
  ITEM     an ID, an item key or line:N; the new item goes right after it (default: end of the section)

The text before the first " - " is the title, the rest the description. The ID is the next free number of
the prefix the section's items use (never one the plan ever had), unless --id gives one.

  --status STATUS  ${STATUSES.join(' | ')} (default todo)
${structureOptionsHelp("the new item's ID, key and line")}`;

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandLine(args, {
    usage: USAGE,
    help: HELP,
    positionals: [2, 2],
    options: {
      section: { type: 'string' },
      phase: { type: 'string' },
      id: { type: 'string' },
      status: { type: 'string' },
      after: { type: 'string' },
      ...STRUCTURE_OPTIONS,
    },
  });
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  const [file, text] = positionals;
  requireOnePlace(values, USAGE);
  const cut = /\s[-–—]\s/.exec(text);
  const title = cut ? text.slice(0, cut.index) : text;
  const description = cut ? text.slice(cut.index + cut[0].length) : undefined;
  const status: Status | undefined = values.status === undefined ? undefined : parseStatusArg(values.status);
  const after = values.after === undefined ? undefined : await itemKey(file, values.after);
  const r = await applyFromCli(
    file,
    [
      {
        kind: 'add-item',
        section: values.section,
        phase: values.phase,
        title,
        description,
        id: values.id,
        status,
        after,
      },
    ],
    { today: values.today },
  );
  return reportStructure(file, r, values.json);
}
