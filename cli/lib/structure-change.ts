// Structural changes from the command line (`tickmark add`, `edit`, `move`, `remove`, `add-section`,
// `add-phase`, and `set` with several items): through the write-back engine when the plan is tracked, handed
// to the running dashboard when it holds the embedded database, else applied to the file alone (same planner,
// written atomically, refused when the file changed meanwhile).
import { userInfo } from 'node:os';
import path from 'node:path';
import {
  applyStructureChanges,
  localIsoDate,
  StructureError,
  type StructureChange,
  type StructureOutcome,
} from '../../parser/index';
import { applyStructure, trackedPlanOf } from '../../sync/engine';
import { handOverStructure, runningServer } from '../../sync/handover';
import { replaceFileIfUnchanged } from '../../sync/writer';
import { CliError, UsageError } from './errors';
import { loadPlan } from './plan-file';

/** The options every structure command takes, with their help lines. */
export const STRUCTURE_OPTIONS = { json: { type: 'boolean', default: false }, today: { type: 'string' } } as const;
export const structureOptionsHelp = (printed: string) =>
  `  --json           print ${printed} as JSON\n  --today DATE     the date for Last Updated (default: today)\n`;

/** `add` and `move` take exactly one of --section and --phase. */
export function requireOnePlace(values: { section?: string; phase?: string }, usage: string): void {
  if ((values.section === undefined) === (values.phase === undefined)) {
    throw new UsageError(`say where the item goes with --section or --phase (one of them); usage: ${usage}`);
  }
}

export interface StructureRun {
  outcomes: StructureOutcome[];
  /** Where the change was recorded: a plan slug (and the dashboard's address when handed over), or null. */
  slug: string | null;
  by?: string;
}

export async function applyFromCli(
  file: string,
  changes: StructureChange[],
  opts: { today?: string },
): Promise<StructureRun> {
  if (opts.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(opts.today)) {
    throw new UsageError(`--today must be a date as YYYY-MM-DD, not '${opts.today}'`);
  }
  const actor = userInfo().username;
  try {
    const tracked = await trackedPlanOf(file);
    if (tracked) {
      const r = await applyStructure(tracked.db, { id: tracked.plan.id }, changes, {
        source: 'cli',
        actor,
        today: opts.today,
      });
      return { outcomes: r.outcomes, slug: tracked.plan.slug };
    }
    const server = runningServer();
    if (server) {
      const answer = await handOverStructure(server, { file: path.resolve(file), changes, today: opts.today });
      if (answer && !answer.ok) {
        throw new CliError(`${file}: the dashboard at ${server.url} refused the change: ${answer.message}`);
      }
      if (answer) return { outcomes: answer.outcomes ?? [], slug: answer.slug ?? null, by: server.url };
    }
    const plan = await loadPlan(file);
    const r = applyStructureChanges(plan.source, changes, { today: opts.today ?? localIsoDate(), model: plan.model });
    if (r.text !== plan.source) await replaceFileIfUnchanged(plan.path, r.text, plan.bytes);
    return { outcomes: r.outcomes, slug: null };
  } catch (error) {
    if (error instanceof StructureError) {
      throw new CliError(`${file}${error.line ? `:${error.line}` : ''}: ${error.message} Nothing was written.`);
    }
    throw error;
  }
}

const VERBS: Record<StructureOutcome['kind'], string> = {
  'add-item': 'added',
  'edit-item': 'edited',
  'move-item': 'moved',
  'remove-item': 'removed',
  'add-section': 'added section',
  'rename-section': 'renamed section',
  'add-phase': 'added phase',
  'set-status': 'set',
  'set-dates': 'set dates',
  'set-coverage': 'saved coverage links',
};

/** One line per change (`FILE:LINE: added CACHE-009`), or with --json the outcomes as JSON. */
export function reportStructure(file: string, run: StructureRun, json: boolean, label?: string): number {
  if (json) {
    process.stdout.write(`${JSON.stringify({ file, plan: run.slug, changes: run.outcomes }, null, 2)}\n`);
    return 0;
  }
  const where = run.slug ? ` (recorded in plan ${run.slug}${run.by ? `, by the dashboard at ${run.by}` : ''})` : '';
  for (const o of run.outcomes) {
    const what = o.id ?? o.key ?? label ?? '';
    process.stdout.write(`${file}${o.line ? `:${o.line}` : ''}: ${VERBS[o.kind]} ${what}${where}\n`);
  }
  return 0;
}
