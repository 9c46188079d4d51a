// `tickmark move FILE ITEM --section S [--after ITEM]`: an item and its nested lines to another place.
import { parseCommandLine } from '../lib/args';
import { itemKey } from '../lib/item-key';
import {
  applyFromCli,
  reportStructure,
  requireOnePlace,
  STRUCTURE_OPTIONS,
  structureOptionsHelp,
} from '../lib/structure-change';

export const summary = 'Move an item (with its sub-items and detail lines) to another section or phase';

const USAGE = 'tickmark move FILE ITEM (--section S | --phase P) [--after ITEM] [--json]';
const HELP = `Usage: ${USAGE}

  ITEM     an ID, an item key or line:N
  S        a section number (1.1), key, or the start of its heading
  P        a phase number, key or the start of its heading (the item goes to the end of its last section)

The item keeps its ID, status and history; its lines move as one and take the indentation and bullet of
the items they land among.

  --after ITEM     land right after this item of the target section (default: at its end)
${structureOptionsHelp("the item's ID, key and new line")}`;

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandLine(args, {
    usage: USAGE,
    help: HELP,
    positionals: [2, 2],
    options: {
      section: { type: 'string' },
      phase: { type: 'string' },
      after: { type: 'string' },
      ...STRUCTURE_OPTIONS,
    },
  });
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  const [file, ref] = positionals;
  requireOnePlace(values, USAGE);
  const key = await itemKey(file, ref);
  const after = values.after === undefined ? undefined : await itemKey(file, values.after);
  const r = await applyFromCli(
    file,
    [{ kind: 'move-item', key, section: values.section, phase: values.phase, after }],
    { today: values.today },
  );
  return reportStructure(file, r, values.json);
}
