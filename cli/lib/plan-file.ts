// A plan file read and parsed, and the guarded write back: refuse when the file moved under us.
import { readFileSync } from 'node:fs';
import { parsePlan, type PlanModel } from '../../parser/index';
import { writeFileAtomic } from '../../sync/atomic-write';
import { CliError } from './errors';
import { readPlanFile } from './read-plan-file';

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

/**
 * Write `text` over the plan, but only if the file still holds exactly the bytes we parsed: an editor or
 * another process may have saved it since, and writing would silently drop that change.
 */
export async function writePlanIfUnchanged(plan: Pick<LoadedPlan, 'path' | 'bytes'>, text: string): Promise<void> {
  // Checked after the new bytes are safely on disk, right before the rename replaces the file.
  await writeFileAtomic(plan.path, text, {
    beforeRename: () => {
      if (!readFileSync(plan.path).equals(plan.bytes)) {
        throw new CliError(`${plan.path}: the file changed since it was read; nothing written (run the command again)`);
      }
    },
  });
}
