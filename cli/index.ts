// `tickmark <command> [args]`: finds cli/commands/<command>.ts, runs it, and turns errors into one line.
import { readFile } from 'node:fs/promises';
import { listCommands, loadCommand } from './lib/commands';
import { UsageError } from './lib/errors';
import { planFileHint } from './lib/plan-file-hint';
import { closeMatches } from './lib/suggest';

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') return runCommand('help', []);
  if (name === '--version' || name === '-V') {
    const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    process.stdout.write(`tickmark ${pkg.version}\n`);
    return 0;
  }
  const command = await loadCommand(name);
  if (!command) {
    const close = closeMatches(name, await listCommands(), 3);
    const hint = close.length ? ` (did you mean ${close.map((c) => `'${c}'`).join(' or ')}?)` : '';
    process.stderr.write(`tickmark: unknown command '${name}'${hint}; run 'tickmark help' for the list\n`);
    return 2;
  }
  return runCommand(name, rest);
}

async function runCommand(name: string, args: string[]): Promise<number> {
  const command = await loadCommand(name);
  if (!command) throw new Error(`cli/commands/${name}.ts is missing`);
  try {
    return await command.run(args);
  } catch (error) {
    return report(`tickmark ${name}`, error);
  }
}

/** One line per failure; the stack only when asked for (TICKMARK_DEBUG=1). */
function report(prefix: string, error: unknown): number {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`${prefix}: ${message.split('\n')[0]}${planFileHint(error)}\n`);
  if (process.env.TICKMARK_DEBUG === '1' && error instanceof Error && error.stack) {
    process.stderr.write(`${error.stack}\n`);
  } else if (error instanceof UsageError) {
    process.stderr.write(`run '${prefix} --help' for usage\n`);
  }
  const code = (error as { exitCode?: unknown } | null)?.exitCode;
  return typeof code === 'number' ? code : 1;
}

// `tickmark parse plan.md --json | head` closes the pipe early: that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

let code: number;
try {
  code = await main(process.argv.slice(2));
} catch (error) {
  code = report('tickmark', error);
}
// Exit explicitly (after the streams flush): a command may leave a database pool or watcher open.
process.exitCode = code;
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
