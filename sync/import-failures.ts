// Files in the plans folder that could not be imported and have no plan to carry the reason (a new file that
// is not a readable plan): remembered per process, so the dashboard can list them with the reason and what to
// do. A tracked plan's failure is kept on the plan itself (plans.error). Cleared once the file imports or goes.

export interface ImportFailure {
  /** Absolute path of the file. */
  file: string;
  reason: string;
  /** What the owner of the file can do about it. */
  todo: string;
  at: string;
}

const failures = new Map<string, ImportFailure>();

const TODO =
  'Fix or re-save the file as a UTF-8 markdown plan (or move it out of the plans folder); it is imported on its next save.';

export function recordImportFailure(file: string, reason: string, at = new Date()): void {
  failures.set(file, { file, reason, todo: TODO, at: at.toISOString() });
}

export function forgetImportFailure(file: string): void {
  failures.delete(file);
}

/** The files that failed to import, by path. */
export function importFailures(): ImportFailure[] {
  return [...failures.values()].sort((a, b) => a.file.localeCompare(b.file));
}
