// Commands are the files in cli/commands/: adding `sync.ts` there adds `tickmark sync`, no registry to edit.
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export interface CommandModule {
  /** One line for `tickmark help`. */
  summary: string;
  run(args: string[]): Promise<number>;
}

const commandsDir = new URL('../commands/', import.meta.url);
const COMMAND_NAME = /^[a-z][a-z0-9-]*$/;

/** Command names, sorted. Test files and `_`-prefixed helpers in the folder are not commands. */
export async function listCommands(): Promise<string[]> {
  const files = await readdir(fileURLToPath(commandsDir));
  return files
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts'))
    .map((f) => f.slice(0, -'.ts'.length))
    .filter((name) => COMMAND_NAME.test(name))
    .sort();
}

/** The command's module, or null when no such file exists. */
export async function loadCommand(name: string): Promise<CommandModule | null> {
  if (!COMMAND_NAME.test(name) || !(await listCommands()).includes(name)) return null;
  const mod = (await import(commandUrl(name))) as Partial<CommandModule>;
  if (typeof mod.run !== 'function' || typeof mod.summary !== 'string') {
    throw new Error(`cli/commands/${name}.ts must export \`summary: string\` and \`run(args): Promise<number>\``);
  }
  return mod as CommandModule;
}

/** The command's source, or its compiled copy when bin/tickmark.js runs the kept tree (decision 051). */
function commandUrl(name: string): string {
  const tree = (globalThis as Record<symbol, URL | undefined>)[Symbol.for('tickmark.compiledTree')];
  return (tree ? new URL(`cli/commands/${name}.js`, tree) : new URL(`${name}.ts`, commandsDir)).href;
}
