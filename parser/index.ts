// Tickmark's plan parser: markdown implementation plan → PlanModel (pure, total), and the edits that
// write a change back as the smallest possible text change.

export * from './lib/types';
export { parsePlan, type ParseOptions } from './lib/parse-plan';
export type { Strategy } from './lib/blocks';
export {
  planEdits,
  applyEdits,
  statusEdits,
  markerFor,
  findItem,
  EditConflictError,
  UnknownItemError,
  type EditContext,
  type EditPlanner,
  type PlanEditsOptions,
} from './lib/edits';
export { findMojibake, repairMojibake, toMojibake, type MojibakeSpan } from './lib/encoding';
export { expandIds } from './lib/ranges';
export { LineIndex } from './lib/lines';
