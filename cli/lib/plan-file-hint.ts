// Kept apart from plan-file.ts: cli/index.ts loads it for every command, and a read must not load the parser's
// markdown stack (decision 051).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { plansDir } from '../../sync/config';
import { PlanFileError } from '../../sync/read-plan-file';
import { slugBase } from '../../sync/slug';

/** A command that takes a plan's file given the plan's slug or bare name instead (`tickmark set my-plan …`): the
 * file in the plans folder with that slug, as a hint to add to the error; '' when there is none. */
export function planFileHint(error: unknown): string {
  if (!(error instanceof PlanFileError) || error.code !== 'ENOENT' || /[\\/]/.test(error.path)) return '';
  const dir = plansDir();
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return '';
  }
  const wanted = slugBase(error.path);
  const match = names.find((n) => /\.(md|markdown)$/i.test(n) && slugBase(n) === wanted);
  return match ? `; did you mean ${path.relative(process.cwd(), path.join(dir, match))}?` : '';
}
