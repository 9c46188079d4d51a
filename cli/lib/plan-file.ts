// A plan file read and parsed; sync/writer.ts's replaceFileIfUnchanged writes it back, refused when it moved.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { parsePlan, type PlanModel } from '../../parser/index';
import { plansDir } from '../../sync/config';
import { PlanFileError, readPlanFile } from '../../sync/read-plan-file';
import { slugBase } from '../../sync/slug';

export interface LoadedPlan {
  path: string;
  source: string;
  /** The bytes parsed: the write-back compares the file against them. */
  bytes: Buffer;
  model: PlanModel;
}

export async function loadPlan(path: string): Promise<LoadedPlan> {
  const { source, bytes } = await readPlanFile(path);
  return { path, source, bytes, model: parsePlan(source) };
}

/** A command that takes a plan's file given the plan's slug or bare name instead (`tickmark set my-plan …`): the
 * file in the plans folder with that slug, as a hint to add to the error; '' when there is none. */
export function planFileHint(error: unknown): string {
  if (!(error instanceof PlanFileError) || error.code !== 'ENOENT' || /[\\/]/.test(error.path)) return '';
  let names: string[];
  try {
    names = readdirSync(plansDir());
  } catch {
    return '';
  }
  const wanted = slugBase(error.path);
  const match = names.find((n) => /\.(md|markdown)$/i.test(n) && slugBase(n) === wanted);
  return match ? `; did you mean ${path.relative(process.cwd(), path.join(plansDir(), match))}?` : '';
}
