// A plan file read and parsed; sync/writer.ts's replaceFileIfUnchanged writes it back, refused when it moved.
import { parsePlan, type PlanModel } from '../../parser/index';
import { readPlanFile } from '../../sync/read-plan-file';

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
