// Tickmark's plan parser: markdown implementation plan → PlanModel (pure, total), and the edits that
// write a change back as the smallest possible text change.

export * from './lib/types';
export { parsePlan, type ParseOptions } from './lib/parse-plan';
export type { Strategy } from './lib/blocks';
export {
  planEdits,
  applyEdits,
  checkedEdits,
  inverseEdits,
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
export { LineIndex, runAt } from './lib/lines';
export {
  findReportBlocks,
  maskReportBlocks,
  reportBlockEdit,
  beginMarker,
  endMarker,
  NoProgressLogError,
  type ReportBlock,
} from './lib/report-block';
export {
  bookkeepingEdits,
  bookkeepingPlanner,
  statusChangeEdits,
  refreshBookkeepingEdits,
  type BookkeepingOptions,
  type StatusesAfter,
} from './lib/bookkeeping';
export { countStatuses, countsAfter, emptyCounts, percentDone, type PlanCounts } from './lib/counts';
export { STATUSES, STATUS_INFO, statusNamed, type Status, type StatusInfo } from './lib/statuses';
export { isIsoDate, localIsoDate } from './lib/dates';
export { planDateEdits, readPlanDates, type PlanDatesChange } from './lib/plan-dates';
export { modelAfterEdits } from './lib/model-after-edits';
export { itemIndex } from './lib/item-index';
export { PieceText, piecesOf, type TextView } from './lib/text-view';
export { modelAfterFlips, modelAfterFlipsAt, type FlippedModel, type PatchedText } from './lib/model-after-flips';
export { claimsDone } from './lib/consistency';
export { forgetParsedPieces } from './lib/pieces';
export {
  StructureError,
  type StructureChange,
  type StructureChangeKind,
  type StructureErrorCode,
  type StructureOutcome,
} from './lib/structure/types';
export { planStructure, type StructurePlan, type StructurePlanOptions } from './lib/structure/plan';
export { applyStructureChanges, type AppliedStructure, type ApplyStructureOptions } from './lib/structure/apply';
export { findSection, findPhase } from './lib/structure/resolve';
export { suggestItemId } from './lib/structure/item-text';
export { STATUS_WORDS, STATUS_EMOJI, DEFAULT_STATUS_WORDS, statusOfWords, displayWidth } from './lib/status-words';
export {
  isSourceTable,
  missingSourceColumns,
  sourceColumns,
  TOPIC_STATUSES,
  TOPIC_PRIORITIES,
  type TopicStatus,
  type TopicPriority,
  type SourceColumns,
} from './lib/sources/topic-table';
export {
  parseSource,
  looksLikeSource,
  categoryName,
  type SourceTopic,
  type SourceModel,
} from './lib/sources/parse-source';
export { normaliseTopic, topicSimilarity } from './lib/sources/topic-names';
export {
  consolidateTopics,
  NEAR_MATCH,
  type ConsolidatedTopic,
  type Consolidation,
  type NearMatch,
} from './lib/sources/consolidate';
export {
  renderPlan,
  itemTitle,
  type RenderPlanOptions,
  type RenderedPlan,
  type PlannedItem,
} from './lib/sources/render-plan';
export {
  coverageTable,
  readCoverageTable,
  withCoverageSection,
  sameLinks,
  COVERAGE_HEADING,
  type CoverageLink,
} from './lib/sources/coverage-table';
export {
  computeCoverage,
  linksAfterEdits,
  unplannedTopics,
  type LinkEdit,
  type Coverage,
  type TopicCoverage,
  type ItemCoverage,
  type CoverageGroup,
  type TopicState,
} from './lib/sources/coverage';
export { topicChanges, type TopicToPlace } from './lib/sources/place-topics';
export { generatePlan, type GeneratePlanOptions, type GeneratedPlan } from './lib/sources/generate-plan';
export { mergePlan, type MergePlan, type TopicChangeNote } from './lib/sources/merge-sources';
export { derivePrefix, prefixFor, prefixOfId, type PrefixUse } from './lib/sources/prefixes';
export { fitPhases, measuredThroughput, type PhaseLoad, type PhaseFit, type CapacityFit } from './lib/sources/capacity';
