// Errors a command throws to end with one clear line; cli/index.ts prints them and picks the exit code.

/** Wrong arguments: the user should read the usage. Exit code 2, like most Unix tools. */
export class UsageError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A failure the user can act on (unknown item, file changed meanwhile …). Exit code 1. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
