// A plan generated from gap analyses, as `tickmark plan new` and the dashboard's "Generate a plan" both make
// it: topics consolidated across the sources, rendered (render-plan.ts), and read back to check that the
// text holds exactly the chosen topics with no error.
import { parsePlan } from '../parse-plan';
import { consolidateTopics, type ConsolidatedTopic, type NearMatch } from './consolidate';
import type { SourceModel } from './parse-source';
import { renderPlan, type RenderedPlan } from './render-plan';
import type { TopicStatus } from './topic-table';

export interface GeneratePlanOptions {
  /** The plan's title; by default "<first source's title> Implementation Plan". */
  title?: string;
  include?: readonly TopicStatus[];
  prefixes?: Readonly<Record<string, string>>;
  capacity?: { perWeek: number; start: string };
  /** Near-match pairs the user confirmed as one topic. */
  confirmed?: readonly [string, string][];
}

export interface GeneratedPlan extends RenderedPlan {
  title: string;
  topics: ConsolidatedTopic[];
  nearMatches: NearMatch[];
  /** Items per phase number, in phase order. */
  perPhase: { phase: number; priority: string; items: number }[];
  /** Why the text does not read back as the chosen topics (a bug of ours), or null. */
  readBackError: string | null;
}

export function generatePlan(models: readonly SourceModel[], opts: GeneratePlanOptions = {}): GeneratedPlan {
  const { topics, nearMatches } = consolidateTopics(
    models.map((m) => m.topics),
    { confirmed: opts.confirmed ?? [] },
  );
  const title =
    opts.title?.trim() ||
    `${(models[0]?.title ?? models[0]?.file ?? 'Sources').replace(/^gap analysis:\s*/i, '')} Implementation Plan`;
  const rendered = renderPlan(topics, {
    title,
    sources: models.map((m) => ({ file: m.file, topics: m.topics.length })),
    include: opts.include,
    prefixes: opts.prefixes,
    capacity: opts.capacity,
  });
  const back = parsePlan(rendered.text);
  const error = back.diagnostics.find((d) => d.severity === 'error');
  const readBackError =
    back.items.length !== rendered.items.length
      ? `${back.items.length} items read back, ${rendered.items.length} written`
      : error
        ? error.message
        : null;
  const perPhase: GeneratedPlan['perPhase'] = [];
  for (const item of rendered.items) {
    const last = perPhase[perPhase.length - 1];
    if (last?.phase === item.phase) last.items++;
    else perPhase.push({ phase: item.phase, priority: item.priority, items: 1 });
  }
  return { ...rendered, title, topics, nearMatches, perPhase, readBackError };
}
