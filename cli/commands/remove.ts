// `tickmark remove FILE ITEM`: the item's lines go; a tracked plan keeps it as removed, with its history.
import { parseCommandLine } from '../lib/args';
import { itemKey } from '../lib/item-key';
import { applyFromCli, reportStructure, STRUCTURE_OPTIONS, structureOptionsHelp } from '../lib/structure-change';

export const summary = 'Remove an item (and its sub-items) from the plan; its history stays';

const USAGE = 'tickmark remove FILE ITEM [--json]';
const HELP = `Usage: ${USAGE}

  ITEM     an ID, an item key or line:N

Its ID is retired: Tickmark never hands it out again. To keep the line, set it cancelled instead
(tickmark set FILE ITEM cancelled).

${structureOptionsHelp('what was removed')}`;

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandLine(args, {
    usage: USAGE,
    help: HELP,
    positionals: [2, 2],
    options: STRUCTURE_OPTIONS,
  });
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  const [file, ref] = positionals;
  const key = await itemKey(file, ref);
  const r = await applyFromCli(file, [{ kind: 'remove-item', key }], { today: values.today });
  return reportStructure(file, r, values.json, key);
}
