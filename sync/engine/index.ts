// The write-back engine: the one way a change made through Tickmark (dashboard, CLI) reaches the plan file
// and the database. Per plan, one change at a time (sync/writer.ts): a tick (tick.ts), structural and bulk
// changes (structure.ts), undo (undo.ts), each under the plan's writer (apply-once.ts) from the cached model
// (model-cache.ts).
export { applyChange, setStatus } from './tick';
export { applyStructure, applyStructureToFile, setStatuses } from './structure';
export { undoableChange, undoLast } from './undo';
export { clearModelCache } from './model-cache';
export { trackedPlanOf } from './tracked-plan';
export { CRASH_POINTS } from './crash-points';
export { NothingToUndoError, UnknownPlanError, VersionConflictError } from './errors';
export type { ChangeOptions, ChangeResult, PlanRef, StructureResult, UndoResult } from './types';
