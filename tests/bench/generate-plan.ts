// Deterministic generator of realistic plans in the seed's format, for benchmarks and property tests.
// `tsx tests/bench/generate-plan.ts --items 10000 --seed 1 > plan.md` writes one (10,000 items ≈ 1 MB).
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createRandom, type Random } from './lib/prng';
import { ADJECTIVES, ASPECTS, DETAILS, NOTES, NOUNS, PROSE, TOPICS } from './lib/words';

export interface GenerateOptions {
  items: number;
  seed: number;
}

type Mark = 'x' | ' ' | '/' | '-';

interface GenItem {
  /** null for a sub-task (an indented item without an ID). */
  id: string | null;
  prefix: string;
  number: number;
  mark: Mark;
}

interface GenPhase {
  number: number;
  priority: string;
  sections: { number: string; title: string; items: GenItem[] }[];
}

export function generatePlan({ items, seed }: GenerateOptions): string {
  const rng = createRandom(seed);
  const phases = planStructure(rng, Math.max(0, Math.floor(items)));
  const all = phases.flatMap((p) => p.sections.flatMap((s) => s.items));
  const log = progressLog(rng, phases);
  const lastDate = log.length ? log[log.length - 1].date : new Date(Date.UTC(2025, 8, 1));
  const out: string[] = [];

  out.push('# Platform Knowledge Base Implementation Plan', '', '## Overview');
  out.push(
    'This document consolidates the gaps found in the architecture review into an actionable implementation plan with progress tracking.',
    '',
  );
  out.push(`**Total Topics Identified**: ~${Math.round(all.length * 2.2)}`);
  out.push(`**Currently Implemented**: ~${Math.round(all.length * 0.6)}`);
  out.push(`**Partially Implemented**: ~${Math.round(all.length * 0.7)}`);
  out.push(`**Missing (To Implement)**: ~${all.length}`, '', '---', '');

  out.push('## Progress Tracking', '', '### Summary Dashboard');
  out.push('| Phase | Total Items | Completed | In Progress | Remaining |');
  out.push('|-------|-------------|-----------|-------------|-----------|');
  const total = countMarks(all);
  for (const phase of phases) {
    const c = countMarks(phase.sections.flatMap((s) => s.items));
    out.push(
      `| Phase ${phase.number} (${phase.priority}) | ${c.total} | ${c.done} | ${c.inProgress} | ${c.remaining} |`,
    );
  }
  out.push(
    `| **TOTAL** | **${total.total}** | **${total.done}** | **${total.inProgress}** | **${total.remaining}** |`,
    '',
  );
  out.push(
    `**Last Updated**: ${lastDate.toLocaleString('en-US', { month: 'long', timeZone: 'UTC' })} ${lastDate.getUTCDate()}, ${lastDate.getUTCFullYear()}`,
  );
  // As the parser counts it: the done share of the items not cancelled, rounded down.
  const base = total.total - total.cancelled;
  const percent = base > 0 ? Math.floor((total.done * 100) / base) : 0;
  out.push(`**Progress**: ${percent}% complete`, '', '---', '');

  for (const phase of phases) {
    const c = countMarks(phase.sections.flatMap((s) => s.items));
    const complete = c.total > 0 && c.remaining === 0 ? ' ✅ COMPLETE' : '';
    out.push(`## Phase ${phase.number}: ${phase.priority} Priority Items (${c.total} items)${complete}`, '');
    for (const section of phase.sections) {
      out.push(`### ${section.number} ${section.title}`);
      for (const item of section.items) out.push(itemLine(rng, item));
      if (rng.chance(0.08)) out.push('', rng.pick(PROSE));
      // Now and then a fenced example whose `- [ ]` lines are not items.
      if (rng.chance(0.01)) out.push('', '```markdown', '- [ ] **EXAMPLE-001**: not a task, only an example', '```');
      out.push('');
    }
    out.push('---', '');
  }

  out.push(...guidelines());
  out.push('## Progress Log', '');
  let week = 0;
  for (const row of log) {
    const rowWeek = Math.floor((row.date.getTime() - log[0].date.getTime()) / (7 * 86_400_000)) + 1;
    if (rowWeek !== week) {
      if (week !== 0) out.push('');
      week = rowWeek;
      out.push(`### Week ${week}`, '| Date | Items Completed | Notes |', '|------|-----------------|-------|');
    }
    out.push(`| ${row.date.toISOString().slice(0, 10)} | ${row.items} | ${row.notes} |`);
  }
  out.push('', '---', '', '## Completion Summary', '');
  out.push(`- **${total.done} patterns** implemented with diagrams`);
  out.push(`- **${phases.length} phases** tracked in this plan`, '');
  out.push(`*Implementation Plan Generated with seed ${seed}*`, '');
  return out.join('\n');
}

function planStructure(rng: Random, items: number): GenPhase[] {
  const phaseCount = Math.min(12, Math.max(1, Math.ceil(items / 1000)));
  const counters = new Map<string, number>();
  const phases: GenPhase[] = [];
  let left = items;
  for (let p = 1; p <= phaseCount; p++) {
    const share = p === phaseCount ? left : Math.round(left / (phaseCount - p + 1));
    left -= share;
    // Early phases are mostly done, late ones mostly to do: like a plan in the middle of its life.
    const progress = phaseCount === 1 ? 0.5 : 1 - (p - 1) / (phaseCount - 1);
    const priority = ['HIGH', 'MEDIUM', 'LOW'][Math.floor(((p - 1) * 3) / phaseCount)];
    const phase: GenPhase = { number: p, priority, sections: [] };
    for (let s = 1, inPhase = 0; inPhase < share; s++) {
      const size = Math.min(share - inPhase, rng.int(3, 12));
      inPhase += size;
      const topic = rng.pick(TOPICS);
      const section = { number: `${p}.${s}`, title: topic.title, items: [] as GenItem[] };
      for (let i = 0; i < size; i++) {
        // Now and then a sub-task without an ID under the previous item: keyed by section and text.
        if (i > 0 && rng.chance(0.03)) {
          section.items.push({ id: null, prefix: topic.prefix, number: 0, mark: pickMark(rng, progress) });
          continue;
        }
        const number = (counters.get(topic.prefix) ?? 0) + 1;
        counters.set(topic.prefix, number);
        section.items.push({
          id: `${topic.prefix}-${String(number).padStart(3, '0')}`,
          prefix: topic.prefix,
          number,
          mark: pickMark(rng, progress),
        });
      }
      phase.sections.push(section);
    }
    phases.push(phase);
  }
  return phases;
}

function pickMark(rng: Random, progress: number): Mark {
  const r = rng.next();
  if (r < 0.03) return '-';
  if (r < 0.09) return '/';
  return r < 0.09 + 0.91 * progress * 0.95 ? 'x' : ' ';
}

function itemLine(rng: Random, item: GenItem): string {
  if (item.id === null)
    return `  - [${item.mark}] Review the ${rng.pick(NOUNS).toLowerCase()} ${rng.pick(ASPECTS).toLowerCase()}`;
  const title = `${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)} ${rng.pick(ASPECTS)}`;
  const detail = rng.pick(DETAILS);
  const trailer = item.mark === 'x' ? ' ✅' : item.mark === '/' && rng.chance(0.5) ? ' 🚧' : '';
  return `- [${item.mark}] **${item.id}**: ${title} - ${detail}${trailer}`;
}

function countMarks(items: GenItem[]) {
  const done = items.filter((i) => i.mark === 'x').length;
  const inProgress = items.filter((i) => i.mark === '/').length;
  const cancelled = items.filter((i) => i.mark === '-').length;
  return { total: items.length, done, inProgress, cancelled, remaining: items.length - done - cancelled };
}

/** One log row per section with done items, written the ways people write them: lists and ranges. */
function progressLog(rng: Random, phases: GenPhase[]): { date: Date; items: string; notes: string }[] {
  const rows: { date: Date; items: string; notes: string }[] = [];
  const date = new Date(Date.UTC(2025, 8, 1));
  for (const section of phases.flatMap((p) => p.sections)) {
    const done = section.items.filter((i) => i.mark === 'x' && i.id !== null);
    if (!done.length) continue;
    if (rng.chance(0.3)) date.setUTCDate(date.getUTCDate() + 1);
    rows.push({ date: new Date(date), items: describeIds(rng, done), notes: rng.pick(NOTES) });
  }
  return rows;
}

function describeIds(rng: Random, items: GenItem[]): string {
  const runs: GenItem[][] = [];
  for (const item of items) {
    const run = runs[runs.length - 1];
    const last = run?.[run.length - 1];
    if (last && last.prefix === item.prefix && last.number + 1 === item.number) run.push(item);
    else runs.push([item]);
  }
  return runs
    .map((run) => {
      const first = run[0];
      const last = run[run.length - 1];
      if (run.length === 1) return first.id;
      if (run.length === 2 && rng.chance(0.5)) return `${first.id}/${last.id?.slice(first.prefix.length + 1)}`;
      if (run.length >= 3) return rng.chance(0.7) ? `${first.id} to ${last.id}` : `${first.id}–${last.id}`;
      return run.map((i) => i.id).join(', ');
    })
    .join(', ');
}

function guidelines(): string[] {
  return [
    '## Implementation Guidelines',
    '',
    '### For Each Pattern Implementation',
    '',
    '1. **Create Pattern Entry**: Add to `architecturePatterns` object in `/app/system-design/page.tsx`',
    '2. **Design SVG Diagram**: Create visual representation similar to existing patterns',
    '3. **Add Quiz Questions**: Create 2-3 quiz questions for the pattern',
    '',
    '### File Structure for New Patterns',
    '',
    '```typescript',
    '"pattern-name": {',
    '  title: "Pattern Title",',
    '  category: "category-name",',
    '  // - [ ] inside a fence is code, not a task',
    '  useCases: ["Use case 1", "Use case 2"],',
    '}',
    '```',
    '',
    '---',
    '',
  ];
}

// CLI: print a plan to stdout.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: { items: { type: 'string', default: '10000' }, seed: { type: 'string', default: '1' } },
  });
  const items = Number(values.items);
  const seed = Number(values.seed);
  if (!Number.isInteger(items) || items < 0 || !Number.isInteger(seed)) {
    process.stderr.write('usage: tsx tests/bench/generate-plan.ts --items N --seed N > plan.md\n');
    process.exit(2);
  }
  process.stdout.write(generatePlan({ items, seed }));
}
