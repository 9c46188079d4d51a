// A new plan written from consolidated source topics, in the example plan's format: title, overview with the
// source totals, summary table, one phase per priority (HIGH → Phase 1 …), one section per category within a
// phase, items `- [ ] **CACHE-001**: Topic - gap description`, an empty progress log, and the source coverage
// table that carries each item's origins (decision 024). Pure: the same topics and options give the same text.
import type { ConsolidatedTopic } from './consolidate';
import { coverageTable, type CoverageLink } from './coverage-table';
import { prefixFor } from './prefixes';
import { TOPIC_PRIORITIES, type TopicPriority, type TopicStatus } from './topic-table';

export interface RenderPlanOptions {
  title: string;
  /** Each source file and how many topic rows it holds, in the order given. */
  sources: { file: string; topics: number }[];
  /** Statuses to plan (default MISSING and PARTIAL). */
  include?: readonly TopicStatus[];
  /** Category name → ID prefix, overriding the derived one. */
  prefixes?: Readonly<Record<string, string>>;
  /** Items per week and the first day (YYYY-MM-DD): adds a schedule with each phase's target week. */
  capacity?: { perWeek: number; start: string };
}

export interface PlannedItem {
  id: string;
  topic: ConsolidatedTopic;
  phase: number;
  priority: TopicPriority;
}

export interface RenderedPlan {
  text: string;
  items: PlannedItem[];
  /** Chosen by status but with no priority, so in no phase (the caller says so). */
  unprioritised: ConsolidatedTopic[];
}

/** An item title may not contain a spaced dash: the plan parser reads the first one as the description's start. */
export function itemTitle(topic: string): string {
  return topic.replace(/\s+[-–—]\s+/g, ': ');
}

const PRIORITY_NAMES: Record<TopicPriority, string> = { HIGH: 'HIGH', MEDIUM: 'MEDIUM', LOW: 'LOW' };

export function renderPlan(topics: readonly ConsolidatedTopic[], opts: RenderPlanOptions): RenderedPlan {
  const include = new Set(opts.include ?? ['MISSING', 'PARTIAL']);
  const chosen = topics.filter((t) => include.has(t.status));
  const unprioritised = chosen.filter((t) => t.priority === null);
  const priorities = TOPIC_PRIORITIES.filter((p) => chosen.some((t) => t.priority === p));
  // A category keeps one prefix across phases; two unrelated categories never share one (prefixes.ts).
  const used = new Map<string, string[]>();
  const chosenPrefix = new Map<string, string>();
  const prefixOf = (category: string) => {
    let prefix = chosenPrefix.get(category);
    if (prefix === undefined) {
      prefix = opts.prefixes?.[category] ?? prefixFor(category, used);
      chosenPrefix.set(category, prefix);
      used.set(prefix, [...(used.get(prefix) ?? []), category]);
    }
    return prefix;
  };

  const next = new Map<string, number>();
  const items: PlannedItem[] = [];
  const phases = priorities.map((priority, index) => {
    const inPhase = chosen.filter((t) => t.priority === priority);
    const categories = [...new Set(inPhase.map((t) => t.category))];
    const sections = categories.map((category) => {
      const sectionItems = inPhase
        .filter((t) => t.category === category)
        .map((topic) => {
          const prefix = prefixOf(category);
          const n = (next.get(prefix) ?? 0) + 1;
          next.set(prefix, n);
          const item: PlannedItem = {
            id: `${prefix}-${String(n).padStart(3, '0')}`,
            topic,
            phase: index + 1,
            priority,
          };
          items.push(item);
          return item;
        });
      return { category, items: sectionItems };
    });
    return { number: index + 1, priority, sections, count: inPhase.length };
  });

  const count = (status: TopicStatus) => topics.filter((t) => t.status === status).length;
  const out: string[] = [];
  out.push(`# ${opts.title}`, '', '## Overview');
  out.push(
    `This plan consolidates the gaps identified in ${plural(opts.sources.length, 'source document')} into an actionable implementation plan with progress tracking.`,
    '',
  );
  out.push(`**Sources**: ${opts.sources.map((s) => `${s.file} (${plural(s.topics, 'topic')})`).join(', ')}`);
  out.push(`**Total Topics Identified**: ${topics.length}`);
  out.push(`**Currently Implemented**: ${count('EXISTS')}`);
  out.push(`**Partially Implemented**: ${count('PARTIAL')}`);
  out.push(`**Missing (To Implement)**: ${count('MISSING')}`);
  out.push(`**Planned**: ${items.length}`);
  out.push('', '---', '', '## Progress Tracking', '', '### Summary Dashboard');
  out.push('| Phase | Total Items | Completed | In Progress | Remaining |');
  out.push('|-------|-------------|-----------|-------------|-----------|');
  for (const p of phases)
    out.push(`| Phase ${p.number} (${PRIORITY_NAMES[p.priority]}) | ${p.count} | 0 | 0 | ${p.count} |`);
  out.push(`| **TOTAL** | **${items.length}** | **0** | **0** | **${items.length}** |`, '');
  if (opts.capacity) out.push(`**Last Updated**: ${opts.capacity.start}`);
  out.push('**Progress**: 0% complete');
  if (opts.capacity) out.push('', ...schedule(phases, opts.capacity));
  out.push('', '---');
  for (const p of phases) {
    out.push('', `## Phase ${p.number}: ${PRIORITY_NAMES[p.priority]} Priority Items (${plural(p.count, 'item')})`);
    p.sections.forEach((s, i) => {
      out.push('', `### ${p.number}.${i + 1} ${s.category}`);
      for (const item of s.items) {
        const description = item.topic.description ? ` - ${item.topic.description}` : '';
        out.push(`- [ ] **${item.id}**: ${itemTitle(item.topic.topic)}${description}`);
      }
    });
  }
  out.push('', '---', '', '## Progress Log', '');
  out.push('| Date | Items Completed | Notes |', '|------|-----------------|-------|', '', '---', '');
  const links: CoverageLink[] = items.flatMap((item) =>
    item.topic.origins.map((o) => ({ id: item.id, file: o.file, line: o.line, topic: o.topic })),
  );
  out.push(...coverageTable(links));
  return { text: `${out.join('\n')}\n`, items, unprioritised };
}

/** Weeks each phase takes at the given capacity, and the week it ends (phases run one after another). */
function schedule(
  phases: { number: number; priority: TopicPriority; count: number }[],
  capacity: { perWeek: number; start: string },
): string[] {
  const lines = ['### Schedule', `Capacity: ${capacity.perWeek} items/week from ${capacity.start}.`, ''];
  lines.push('| Phase | Items | Weeks | Target |', '|-------|-------|-------|--------|');
  let done = 0;
  for (const p of phases) {
    done += p.count;
    const weeks = Math.ceil(done / capacity.perWeek);
    lines.push(
      `| Phase ${p.number} (${p.priority}) | ${p.count} | ${Math.ceil(p.count / capacity.perWeek)} | ${addDays(capacity.start, weeks * 7)} |`,
    );
  }
  return lines;
}

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
