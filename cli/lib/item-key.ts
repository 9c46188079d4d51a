// An item named on the command line (ID, key or line:N) as the key the planners and the engine take.
import { loadPlan } from './plan-file';
import { resolveItem } from './resolve-item';

export async function itemKey(file: string, ref: string): Promise<string> {
  return resolveItem((await loadPlan(file)).model, ref).key;
}
