// Overview facts: `**Total Topics Identified**: ~290`, `**Last updated:** 2026-05-28 (…)` lines in
// top-level paragraphs. The span of a fact is its value's span.

import type { Fact, PlanModel } from './types';
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

export function progressOf(facts: Fact[]): PlanModel['progress'] {
  const f = facts.find((x) => /^(?:overall\s+)?progress$/i.test(x.key));
  if (!f) return null;
  const m = /(?<![\d.])(\d+(?:\.\d+)?)[ \t]?%/.exec(f.value);
  return { raw: f.value, percent: m ? Number(m[1]) : null, span: f.span };
}
