// Topics from several sources merged into one list: the same topic (normalised title) in two parts becomes
// one that keeps every origin. Near matches are only offered (`nearMatches`), never merged silently; the
// caller merges a pair it confirms by passing it back in `confirmed`.
import { TOPIC_PRIORITIES, TOPIC_STATUSES, type TopicPriority, type TopicStatus } from './topic-table';
import type { SourceTopic } from './parse-source';
import { normaliseTopic, topicSimilarity } from './topic-names';

export interface ConsolidatedTopic {
  /** Normalised title: the topic's identity across sources. */
  key: string;
  /** Title, category and description as the first origin (in the order the sources were given) has them. */
  topic: string;
  category: string;
  description: string;
  /** The most-needed status among the origins (MISSING before PARTIAL before EXISTS). */
  status: TopicStatus;
  /** The highest priority among the origins. */
  priority: TopicPriority | null;
  /** True when the origins disagree on priority (the highest was kept). */
  priorityDiffers: boolean;
  origins: SourceTopic[];
}

export interface NearMatch {
  a: string;
  b: string;
  /** 0…1, see topicSimilarity. */
  similarity: number;
}

export interface Consolidation {
  topics: ConsolidatedTopic[];
  /** Pairs of distinct topics whose titles are close: candidates for the user to confirm as one. */
  nearMatches: NearMatch[];
}

const rank = <T extends string>(order: readonly T[], value: T | null): number =>
  value === null ? order.length : order.indexOf(value);

/** Titles at least this close (and of two words or more) are offered as possibly the same topic. */
export const NEAR_MATCH = 0.75;

export function consolidateTopics(
  sources: readonly SourceTopic[][],
  opts: { confirmed?: ReadonlyArray<[string, string]> } = {},
): Consolidation {
  // A confirmed pair maps the second title's key onto the first's.
  const alias = new Map<string, string>();
  for (const [a, b] of opts.confirmed ?? []) alias.set(normaliseTopic(b), normaliseTopic(a));
  const resolve = (key: string): string => {
    let k = key;
    for (let guard = 0; alias.has(k) && guard < 100; guard++) k = alias.get(k)!;
    return k;
  };

  const byKey = new Map<string, ConsolidatedTopic>();
  for (const topics of sources) {
    for (const origin of topics) {
      const key = resolve(normaliseTopic(origin.topic));
      const merged = byKey.get(key);
      if (!merged) {
        byKey.set(key, {
          key,
          topic: origin.topic,
          category: origin.category,
          description: origin.description,
          status: origin.status,
          priority: origin.priority,
          priorityDiffers: false,
          origins: [origin],
        });
        continue;
      }
      merged.origins.push(origin);
      if (origin.priority !== merged.origins[0].priority) merged.priorityDiffers = true;
      if (rank(TOPIC_PRIORITIES, origin.priority) < rank(TOPIC_PRIORITIES, merged.priority)) {
        merged.priority = origin.priority;
      }
      if (rank(TOPIC_STATUSES, origin.status) < rank(TOPIC_STATUSES, merged.status)) merged.status = origin.status;
    }
  }
  const topics = [...byKey.values()];
  return { topics, nearMatches: nearMatches(topics) };
}

function nearMatches(topics: ConsolidatedTopic[]): NearMatch[] {
  const found: NearMatch[] = [];
  for (let i = 0; i < topics.length; i++) {
    for (let j = i + 1; j < topics.length; j++) {
      const a = topics[i].topic;
      const b = topics[j].topic;
      if (a.split(/\s+/).length < 2 || b.split(/\s+/).length < 2) continue;
      const similarity = topicSimilarity(a, b);
      if (similarity >= NEAR_MATCH) found.push({ a, b, similarity });
    }
  }
  return found;
}
