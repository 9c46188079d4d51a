// Write a generated plan to a new file (tickmark plan new): atomically, and never over an existing file
// unless the caller says so, checked again in the rename itself so a file that appeared meanwhile wins.
import { existsSync } from 'node:fs';
import { writeFileAtomic } from './atomic-write';

export class PlanExistsError extends Error {
  constructor(readonly path: string) {
    super(`${path} already exists; choose another --out or pass --force to replace it`);
    this.name = 'PlanExistsError';
  }
}

export async function writeNewPlan(path: string, text: string, opts: { force?: boolean } = {}): Promise<void> {
  if (!opts.force && existsSync(path)) throw new PlanExistsError(path);
  try {
    await writeFileAtomic(path, text, { exclusive: !opts.force });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new PlanExistsError(path);
    throw error;
  }
}
