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
