// The engine's refusals: each says what the caller can do about it.
import { type ItemRow } from '../../db/schema';
import { type PlanRef } from './types';

export class UnknownPlanError extends Error {
  constructor(readonly plan: PlanRef) {
    super(`no tracked plan ${'slug' in plan ? `"${plan.slug}"` : `#${plan.id}`} (run \`tickmark sync\` to track it)`);
    this.name = 'UnknownPlanError';
  }
}

export class VersionConflictError extends Error {
  constructor(
    /** The item as it is now: show it to the user and let them decide. */
    readonly current: ItemRow,
    readonly expectedVersion: number,
  ) {
    super(
      `item "${current.key}" changed since you loaded it (your version ${expectedVersion}, now ${current.version}: ${current.status}); reload and try again`,
    );
    this.name = 'VersionConflictError';
  }
}

export class NothingToUndoError extends Error {
  readonly name = 'NothingToUndoError';
}
