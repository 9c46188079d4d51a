// Where plans live and how a plan's stored path maps back to its file.
import path from 'node:path';

/** The folder `tickmark sync` scans: PLANS_DIR, default `./plans`, resolved against the working directory. */
export function plansDir(): string {
  return path.resolve(process.env.PLANS_DIR ?? './plans');
}

/**
 * The path stored in `plans.path`: relative to the plans folder (posix separators) when the file is inside
 * it, so the same database works from another checkout; absolute otherwise.
 */
export function storedPlanPath(file: string, dir: string = plansDir()): string {
  const abs = path.resolve(file);
  const rel = path.relative(path.resolve(dir), abs);
  if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) return rel.split(path.sep).join('/');
  return abs;
}

/** The file a stored `plans.path` names (the inverse of storedPlanPath). */
export function planFilePath(stored: string, dir: string = plansDir()): string {
  return path.isAbsolute(stored) ? stored : path.join(path.resolve(dir), ...stored.split('/'));
}
