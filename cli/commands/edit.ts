// `tickmark edit FILE ITEM --title T --description D`: change an item's title or description, nothing else.
import { parseCommandLine } from '../lib/args';
import { UsageError } from '../lib/errors';
import { itemKey } from '../lib/item-key';
import { applyFromCli, reportStructure, STRUCTURE_OPTIONS, structureOptionsHelp } from '../lib/structure-change';

export const summary = 'Change an item’s title or description';

const USAGE = 'tickmark edit FILE ITEM [--title T] [--description D] [--json]';
const HELP = `Usage: ${USAGE}

  ITEM     an ID (CACHE-001), an item key or line:N

Only the title or description text changes; ID, status, markers and everything around stay as they are.
--description "" drops the description.

${structureOptionsHelp("the item's ID, key and line")}`;

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandLine(args, {
    usage: USAGE,
    help: HELP,
    positionals: [2, 2],
    options: {
      title: { type: 'string' },
      description: { type: 'string' },
      ...STRUCTURE_OPTIONS,
    },
  });
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  const [file, ref] = positionals;
  if (values.title === undefined && values.description === undefined) {
    throw new UsageError(`give --title, --description or both; usage: ${USAGE}`);
  }
  const key = await itemKey(file, ref);
  const r = await applyFromCli(
    file,
    [{ kind: 'edit-item', key, title: values.title, description: values.description }],
    {
      today: values.today,
    },
  );
  return reportStructure(file, r, values.json);
}
