// Overview facts: `**Total Topics Identified**: ~290`, `**Last updated:** 2026-05-28 (…)` lines in
// top-level paragraphs. The span of a fact is its value's span.

import type { Fact, ItemCount, PlanModel } from './types';
import { readDate } from './dates';

// The value runs to the end of the line; trailing blanks are trimmed by hand (no backtracking on long lines).
const FACT_LINE = /^[ \t]*\*\*([^*\r\n]{1,80}?)(?::\*\*|\*\*[ \t]*:)[ \t]*([^\r\n]*)/dgm;

export function readFacts(source: string, paragraphs: { start: number; end: number }[]): Fact[] {
  const facts: Fact[] = [];
  for (const p of paragraphs) {
    const text = source.slice(p.start, p.end);
    for (const m of text.matchAll(FACT_LINE)) {
      const value = m[2].trimEnd();
      const valueStart = p.start + m.indices![2][0];
      facts.push({ key: m[1].trim(), value, span: { start: valueStart, end: valueStart + value.length } });
    }
  }
  return facts;
}

export function lastUpdatedOf(facts: Fact[]): PlanModel['lastUpdated'] {
  const f = facts.find((x) => /^last\s+updated$/i.test(x.key));
  return f ? { raw: f.value, date: readDate(f.value).date, span: f.span } : null;
}

/** `3/6`, `3 of 6`: counts a Progress line may state. */
const COUNT = /(?<![\d./])(\d+)[ \t]*(?:\/|\bof\b)[ \t]*(\d+)(?![\d./%])/gi;

/** The first count of items in a Progress value: one followed by items or tasks, or one with no word before it
 * that is followed by none or by complete / done (`42/128 (33%)`, `3/6 done`; not `Phase 2 of 3`, `2/5 phases`). */
function itemCount(value: string, at: number): ItemCount | null {
  for (const m of value.matchAll(COUNT)) {
    const before = value.slice(0, m.index);
    const after = value.slice(m.index + m[0].length);
    const named = /^[ \t]*(?:items?|tasks?)\b/i.test(after);
    const bare =
      !/[A-Za-z]/.test(before) &&
      (/^[ \t]*(?:complete|completed|done|finished)\b/i.test(after) || !/^[ \t]*[A-Za-z]/.test(after));
    if (named || bare) {
      return {
        done: Number(m[1]),
        total: Number(m[2]),
        span: { start: at + m.index, end: at + m.index + m[0].length },
      };
    }
  }
  return null;
}

export function progressOf(facts: Fact[]): PlanModel['progress'] {
  const f = facts.find((x) => /^(?:overall\s+)?progress$/i.test(x.key));
  if (!f) return null;
  const m = /(?<![\d.])(\d+(?:\.\d+)?)[ \t]?%/.exec(f.value);
  return { raw: f.value, percent: m ? Number(m[1]) : null, count: itemCount(f.value, f.span.start), span: f.span };
}
