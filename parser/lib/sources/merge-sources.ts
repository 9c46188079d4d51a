// What merging sources into an existing plan would do (`tickmark plan merge`, the Curriculum tab's merge
// preview): the topics to add (unplanned, one per normalised title), the covered topics whose source now says
// something the plan does not reflect (a different priority than the covering item's phase, EXISTS while the
// item is open), and the links to topics the source no longer lists.
import type { PlanModel } from '../types';
import type { CoverageLink } from './coverage-table';
import { unplannedTopics, type Coverage, type TopicCoverage } from './coverage';
import { normaliseTopic } from './topic-names';
import type { TopicStatus } from './topic-table';

export interface TopicChangeNote {
  topic: TopicCoverage;
  /** IDs of the items covering it. */
  items: string[];
  /** What differs, in words: `priority HIGH, item in a MEDIUM phase`, `the source says EXISTS now`. */
  change: string;
}

export interface MergePlan {
  add: TopicCoverage[];
  changed: TopicChangeNote[];
  /** Stored links whose topic the source dropped (or renamed beyond recognition). */
  gone: CoverageLink[];
  /** Topics only cancelled items cover: not added again. */
  dropped: TopicCoverage[];
}

/** `files`: limit to these sources (base names); `include`: the statuses to add (default MISSING, PARTIAL). */
export function mergePlan(
  plan: PlanModel,
  coverage: Coverage,
  opts: { files?: readonly string[]; include?: readonly TopicStatus[] } = {},
): MergePlan {
  const include = opts.include ?? ['MISSING', 'PARTIAL'];
  const inFiles = (file: string) => !opts.files || opts.files.includes(file);
  // unplannedTopics never offers EXISTS; including EXISTS adds those too.
  const candidates = [
    ...unplannedTopics(coverage),
    ...(include.includes('EXISTS') ? coverage.topics.filter((t) => t.state === 'existing') : []),
  ].filter((t) => include.includes(t.status) && inFiles(t.file));
  const seen = new Set<string>();
  const add = candidates.filter((t) => {
    const key = normaliseTopic(t.topic);
    if (seen.has(key)) return false; // the same topic in two sources becomes one item
    seen.add(key);
    return true;
  });

  const itemById = new Map(plan.items.map((i) => [i.id ?? i.key, i]));
  const phasePriority = new Map(plan.phases.map((p) => [p.key, p.priority?.toUpperCase() ?? null]));
  const changed: TopicChangeNote[] = [];
  for (const t of coverage.topics) {
    if (!t.items.length || !inFiles(t.file)) continue;
    const covering = t.items.map((id) => itemById.get(id)).filter((i) => i !== undefined);
    const notes: string[] = [];
    const priorities = new Set(covering.map((i) => (i.phaseKey ? phasePriority.get(i.phaseKey) : null)));
    if (t.priority && !priorities.has(t.priority) && [...priorities].some((p) => p)) {
      notes.push(`priority ${t.priority}, planned in a ${[...priorities].filter(Boolean).join('/')} phase`);
    }
    if (t.status === 'EXISTS' && covering.some((i) => i.status === 'todo' || i.status === 'in-progress')) {
      notes.push('the source says EXISTS now, the item is open');
    }
    if (notes.length) changed.push({ topic: t, items: t.items, change: notes.join('; ') });
  }
  return {
    add,
    changed,
    gone: coverage.stale.filter((l) => inFiles(l.file)),
    dropped: coverage.topics.filter((t) => t.state === 'dropped' && inFiles(t.file)),
  };
}
