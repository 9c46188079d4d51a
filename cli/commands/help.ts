// `tickmark help [COMMAND]`: the commands and their one-line summaries, or one command's usage.
import { listCommands, loadCommand } from '../lib/commands';
import { UsageError } from '../lib/errors';

export const summary = 'List the commands, or show how to use one (tickmark help COMMAND)';

export async function run(args: string[]): Promise<number> {
  const [name] = args.filter((a) => a !== '--help' && a !== '-h');
  if (name !== undefined) {
    const command = await loadCommand(name);
    if (!command) throw new UsageError(`unknown command '${name}'`);
    return command.run(['--help']);
  }
  const names = await listCommands();
  const modules = await Promise.all(names.map(async (n) => [n, await loadCommand(n)] as const));
  const width = Math.max(...names.map((n) => n.length));
  const lines = [
    'Tickmark tracks markdown implementation plans.',
    '',
    'Usage: tickmark <command> [args]',
    '',
    'Commands:',
    ...modules.map(([n, m]) => `  ${n.padEnd(width)}  ${m?.summary ?? ''}`),
    '',
    "Run 'tickmark <command> --help' for a command's options. TICKMARK_DEBUG=1 shows stack traces.",
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
