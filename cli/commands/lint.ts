// `tickmark lint FILE…`: one line per diagnostic, `file:line:col severity code message`; exit 1 on any error.
import type { Diagnostic } from '../../parser/index';
import { parseCommandLine } from '../lib/args';
import { loadPlan } from '../lib/plan-file';
import { PlanFileError } from '../../sync/read-plan-file';

export const summary = 'Check plans: stated vs counted, duplicate IDs, progress log, malformed items, mojibake';

const USAGE = 'tickmark lint FILE… [--quiet]';
const HELP = `Usage: ${USAGE}

Prints one line per finding: file:line:col severity code message.
Exits 1 when any file has an error (or cannot be read), 0 otherwise.

  --quiet   print errors only (no warnings or info)
`;

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandLine(args, {
    usage: USAGE,
    help: HELP,
    positionals: [1, Infinity],
    options: { quiet: { type: 'boolean', short: 'q', default: false } },
  });
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  const totals = { error: 0, warning: 0, info: 0 };
  let unreadable = 0;
  for (const file of positionals) {
    let diagnostics: Diagnostic[];
    try {
      diagnostics = (await loadPlan(file)).model.diagnostics;
    } catch (error) {
      if (!(error instanceof PlanFileError)) throw error;
      process.stderr.write(`${error.message}\n`);
      unreadable++;
      continue;
    }
    const ordered = [...diagnostics].sort((a, b) => a.line - b.line || a.column - b.column);
    for (const d of ordered) {
      totals[d.severity]++;
      if (values.quiet && d.severity !== 'error') continue;
      process.stdout.write(`${file}:${d.line}:${d.column} ${d.severity} ${d.code} ${oneLine(d.message)}\n`);
    }
  }
  const parts = [
    `${totals.error} error${totals.error === 1 ? '' : 's'}`,
    `${totals.warning} warning${totals.warning === 1 ? '' : 's'}`,
  ];
  if (unreadable) parts.push(`${unreadable} unreadable`);
  process.stderr.write(`${parts.join(', ')} in ${positionals.length} file${positionals.length === 1 ? '' : 's'}\n`);
  return totals.error > 0 || unreadable > 0 ? 1 : 0;
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}
