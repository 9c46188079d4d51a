// node:util parseArgs with the CLI's conventions: a bad flag is a UsageError (exit 2), not a stack trace.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors';

export function parseCommandArgs<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs<T>(config);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) throw new UsageError((error as Error).message);
    throw error;
  }
}

/** Check the number of positional arguments against a usage line such as `tickmark set FILE ITEM STATUS`. */
export function expectPositionals(positionals: string[], min: number, max: number, usage: string): void {
  if (positionals.length < min) throw new UsageError(`missing arguments; usage: ${usage}`);
  if (positionals.length > max) {
    throw new UsageError(`unexpected argument '${positionals[max]}'; usage: ${usage}`);
  }
}

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;
const HELP_OPTION = { help: { type: 'boolean', short: 'h', default: false } } as const;

/**
 * A command's whole argument handling: its options plus `-h/--help`, and the positional count checked
 * against its usage line. Returns null when help was asked for (and printed): the command returns 0.
 */
export function parseCommandLine<O extends OptionsConfig>(
  args: string[],
  spec: { options: O; usage: string; help: string; positionals: [min: number, max: number] },
) {
  const parsed = parseCommandArgs({ args, allowPositionals: true, options: { ...spec.options, ...HELP_OPTION } });
  if ((parsed.values as { help?: boolean }).help) {
    process.stdout.write(spec.help);
    return null;
  }
  expectPositionals(parsed.positionals, spec.positionals[0], spec.positionals[1], spec.usage);
  return parsed;
}
