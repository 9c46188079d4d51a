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
  // One broken command module must not take the whole list down with it.
  const summaries = await Promise.all(
    names.map((n) =>
      loadCommand(n).then(
        (m) => m?.summary ?? '',
        (error: Error) => `(cannot load: ${error.message.split('\n')[0]})`,
      ),
    ),
  );
  const width = Math.max(...names.map((n) => n.length));
  const lines = [
    'Tickmark tracks markdown implementation plans.',
    '',
    'Usage: tickmark <command> [args]',
    '',
    'Commands:',
    ...names.map((n, i) => `  ${n.padEnd(width)}  ${summaries[i]}`),
    '',
    "Run 'tickmark <command> --help' for a command's options. TICKMARK_DEBUG=1 shows stack traces.",
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
