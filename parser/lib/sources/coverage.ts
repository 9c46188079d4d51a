// Coverage both ways: which source topics each plan item covers, and which items cover each topic.
// Links come from the plan's Source Coverage table when it lists the item (the user's word: confirmed,
// added, or removed with a `-` topic); otherwise they are found by title (exact normalised title, else the
// closest title at or above NEAR_MATCH). See decision 024.
import type { Item, PlanModel } from '../types';
import { readCoverageTable, type CoverageLink } from './coverage-table';
import type { SourceModel, SourceTopic } from './parse-source';
import { normaliseTopic } from './topic-names';
import { TOPIC_PRIORITIES } from './topic-table';

export type TopicState = 'done' | 'planned' | 'dropped' | 'existing' | 'unplanned';

export interface TopicCoverage extends SourceTopic {
  /** IDs (or keys, for items without an ID) of the items covering the topic, in plan order. */
  items: string[];
  /** done: some covering item is done; planned: covered by open items; dropped: only by cancelled ones;
   * existing: not covered and the source says EXISTS; unplanned: not covered. */
  state: TopicState;
  /** For a dropped topic: which cancelled items dropped it. */
  reason: string | null;
}

export interface ItemCoverage {
  id: string;
  title: string;
  status: Item['status'];
  line: number;
  topics: { file: string; line: number; topic: string }[];
  /** stored: listed in the plan's Source Coverage table; title: found by title; none: covers no topic. */
  found: 'stored' | 'title' | 'none';
}

export interface CoverageGroup {
  file: string;
  category: string;
  priority: string;
  topics: number;
  planned: number;
  done: number;
  dropped: number;
  existing: number;
  unplanned: number;
}

export interface Coverage {
  topics: TopicCoverage[];
  items: ItemCoverage[];
  groups: CoverageGroup[];
  /** Stored links whose topic no source holds (renamed or removed upstream). */
  stale: CoverageLink[];
}

const idOf = (item: Item) => item.id ?? item.key;

/** Words that make titles look alike without saying what they are about. */
const FILLER = new Set(['a', 'an', 'the', 'of', 'and', 'vs', 'in', 'for', 'to', 'with', 'deep', 'dive', 'complete']);
const meaningful = (title: string) =>
  normaliseTopic(title)
    .split(' ')
    .filter((w) => w && !FILLER.has(w))
    .join(' ');

/** Titles at least this close link an item to a topic when the plan stores no link for the item. */
export const TITLE_MATCH = 0.7;

export function computeCoverage(plan: PlanModel, planSource: string, sources: readonly SourceModel[]): Coverage {
  const all = sources.flatMap((s) => s.topics);
  const byKey = new Map<string, SourceTopic[]>();
  for (const t of all) {
    const key = normaliseTopic(t.topic);
    byKey.set(key, [...(byKey.get(key) ?? []), t]);
  }
  const stored = readCoverageTable(planSource);
  const storedById = new Map<string, CoverageLink[]>();
  for (const link of stored) storedById.set(link.id, [...(storedById.get(link.id) ?? []), link]);

  const stale: CoverageLink[] = [];
  // Per source file: its topics by normalised title (the first of each) and by line, built once.
  const inFile = new Map<string, { byTitle: Map<string, SourceTopic>; byLine: Map<number, SourceTopic> }>();
  for (const t of all) {
    let f = inFile.get(t.file);
    if (!f) inFile.set(t.file, (f = { byTitle: new Map(), byLine: new Map() }));
    const key = normaliseTopic(t.topic);
    if (!f.byTitle.has(key)) f.byTitle.set(key, t);
    if (!f.byLine.has(t.line)) f.byLine.set(t.line, t);
  }
  const findStored = (link: CoverageLink): SourceTopic | null => {
    if (link.topic === '-' || link.topic === '') return null;
    const f = inFile.get(link.file);
    const topic =
      f?.byTitle.get(normaliseTopic(link.topic)) ??
      // The source renamed the topic: the row the link remembers still identifies it.
      f?.byLine.get(link.line) ??
      null;
    if (!topic) stale.push(link);
    return topic;
  };

  // Each topic title's meaningful words once, not once per item (plans of thousands of items).
  const candidates = [...byKey.keys()]
    .map((key) => ({ key, words: new Set(meaningful(key).split(' ')) }))
    .filter((c) => c.words.size >= 2);
  const byTitle = (title: string): SourceTopic[] => {
    const exact = byKey.get(normaliseTopic(title));
    if (exact) return exact;
    let best = 0;
    let bestKey: string | null = null;
    const want = new Set(meaningful(title).split(' '));
    if (want.size < 2) return [];
    for (const { key, words } of candidates) {
      let shared = 0;
      for (const w of want) if (words.has(w)) shared++;
      // The mean of shared/shorter (topicSimilarity) and shared/longer: a title with a word or two added still
      // matches, two titles sharing a generic tail (`… Design Cheat Sheet`) do not.
      const score = (shared / Math.min(want.size, words.size) + shared / Math.max(want.size, words.size)) / 2;
      if (score > best) [best, bestKey] = [score, key];
    }
    return best >= TITLE_MATCH && bestKey ? byKey.get(bestKey)! : [];
  };

  const topicItems = new Map<SourceTopic, Item[]>();
  const items: ItemCoverage[] = plan.items.map((item) => {
    const links = storedById.get(idOf(item));
    const topics = links ? links.map(findStored).filter((t): t is SourceTopic => t !== null) : byTitle(item.title);
    for (const t of topics) topicItems.set(t, [...(topicItems.get(t) ?? []), item]);
    return {
      id: idOf(item),
      title: item.title,
      status: item.status,
      line: item.line,
      topics: topics.map((t) => ({ file: t.file, line: t.line, topic: t.topic })),
      found: links ? 'stored' : topics.length ? 'title' : 'none',
    };
  });

  const topics: TopicCoverage[] = all.map((t) => {
    const covering = topicItems.get(t) ?? [];
    const open = covering.filter((i) => i.status !== 'cancelled');
    let state: TopicState;
    if (covering.some((i) => i.status === 'done')) state = 'done';
    else if (open.length) state = 'planned';
    else if (covering.length) state = 'dropped';
    else state = t.status === 'EXISTS' ? 'existing' : 'unplanned';
    const reason = state === 'dropped' ? `cancelled: ${covering.map((i) => `${idOf(i)} ${i.title}`).join('; ')}` : null;
    return { ...t, items: covering.map(idOf), state, reason };
  });

  return { topics, items, groups: groupsOf(topics), stale };
}

function groupsOf(topics: TopicCoverage[]): CoverageGroup[] {
  const groups = new Map<string, CoverageGroup>();
  for (const t of topics) {
    const priority = t.priority ?? '-';
    const key = `${t.file}\u0000${t.category}\u0000${priority}`;
    let g = groups.get(key);
    if (!g) {
      g = {
        file: t.file,
        category: t.category,
        priority,
        topics: 0,
        planned: 0,
        done: 0,
        dropped: 0,
        existing: 0,
        unplanned: 0,
      };
      groups.set(key, g);
    }
    g.topics++;
    g[t.state]++;
  }
  return [...groups.values()];
}

/** Unplanned MISSING/PARTIAL topics, HIGH first, then in source order. */
export function unplannedTopics(coverage: Coverage): TopicCoverage[] {
  const rank = (t: TopicCoverage) => (t.priority ? TOPIC_PRIORITIES.indexOf(t.priority) : TOPIC_PRIORITIES.length);
  return coverage.topics
    .map((t, order) => ({ t, order }))
    .filter(({ t }) => t.state === 'unplanned' && t.status !== 'EXISTS')
    .sort((a, b) => rank(a.t) - rank(b.t) || a.order - b.order)
    .map(({ t }) => t);
}

/** A user's word on one item's links: add a topic, remove one, or confirm the links found by title. */
export type LinkEdit =
  | { kind: 'link' | 'unlink'; id: string; topic: { file: string; line: number; topic: string } }
  | { kind: 'confirm'; id: string };

/**
 * The Source Coverage rows after the user's edits: the items the table already lists and those edited (their
 * links as found now, with the edits applied), or with `all` every item. An item left with no link is
 * stored as covering nothing (topic `-`), so title matching stays off for it.
 */
export function linksAfterEdits(
  coverage: Coverage,
  edits: readonly LinkEdit[],
  opts: { all?: boolean } = {},
): CoverageLink[] {
  const byItem = new Map<string, CoverageLink[]>();
  for (const item of coverage.items) {
    byItem.set(
      item.id,
      item.topics.map((t) => ({ id: item.id, ...t })),
    );
  }
  const touched = new Set<string>();
  for (const edit of edits) {
    touched.add(edit.id);
    if (edit.kind === 'confirm') continue;
    const { topic } = edit;
    const list = byItem.get(edit.id) ?? [];
    const same = (l: CoverageLink) => l.file === topic.file && normaliseTopic(l.topic) === normaliseTopic(topic.topic);
    if (edit.kind === 'link' && !list.some(same)) list.push({ id: edit.id, ...topic });
    byItem.set(edit.id, edit.kind === 'unlink' ? list.filter((l) => !same(l)) : list);
  }
  const links: CoverageLink[] = [];
  for (const item of coverage.items) {
    if (!opts.all && !touched.has(item.id) && item.found !== 'stored') continue;
    const list = byItem.get(item.id) ?? [];
    if (list.length) links.push(...list);
    else if (opts.all ? touched.has(item.id) || item.found === 'stored' : true)
      links.push({ id: item.id, file: '-', line: 0, topic: '-' });
  }
  return links;
}
