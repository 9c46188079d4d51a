// A plan's start and target dates live in the document, so an editor's save never loses them: a fact line in
// the document's own format (`**Target Date**: 2026-03-01`) near its other facts, or a key in its YAML front
// matter (`target_date: 2026-03-01`). Read on every parse; written by `planDateEdits` as the smallest edit.

import type { Edit, Fact, PlanDate, PlanDates, PlanModel, Span } from './types';
import { isIsoDate } from './dates';

/** What a change asks for: a date, null to clear it, undefined to leave it. */
export interface PlanDatesChange {
  startDate?: string | null;
  targetDate?: string | null;
}

const ISO_IN = /\d{4}-\d{2}-\d{2}/;
const KEYS = {
  start: /start/i,
  target: /target|due|deadline|end[ _-]?date|finish/i,
} as const;
// A top-level YAML key with a plain or quoted value.
const YAML_LINE = /^([A-Za-z][\w -]{0,60}?)[ \t]*:[ \t]*(["']?)([^\r\n]*?)\2[ \t]*$/gm;

function lineAround(source: string, at: number): Span {
  const start = source.lastIndexOf('\n', at - 1) + 1;
  const nl = source.indexOf('\n', at);
  return { start, end: nl === -1 ? source.length : nl + 1 };
}

/** The plan's dates: document facts first (the text a reader sees), then front matter. */
export function readPlanDates(source: string, facts: Fact[], frontMatter: Span | null | undefined): PlanDates {
  const found = (which: keyof PlanDates): PlanDate | null => {
    for (const f of facts) {
      if (!KEYS[which].test(f.key)) continue;
      const m = ISO_IN.exec(f.value);
      if (!m || !isIsoDate(m[0])) continue;
      const start = f.span.start + m.index;
      return { date: m[0], span: { start, end: start + 10 }, line: lineAround(source, f.span.start), where: 'fact' };
    }
    if (frontMatter && source.startsWith('---', frontMatter.start)) {
      const text = source.slice(frontMatter.start, frontMatter.end);
      for (const m of text.matchAll(YAML_LINE)) {
        if (!KEYS[which].test(m[1])) continue;
        const d = ISO_IN.exec(m[3]);
        if (!d || !isIsoDate(d[0])) continue;
        const valueAt = frontMatter.start + m.index! + m[0].indexOf(m[3], m[1].length + 1);
        const start = valueAt + d.index;
        return { date: d[0], span: { start, end: start + 10 }, line: lineAround(source, start), where: 'front-matter' };
      }
    }
    return null;
  };
  return { start: found('start'), target: found('target') };
}

/**
 * The edits that make the document state `change`'s dates: an existing date is replaced in place, a cleared
 * one loses its line, a new one goes into the front matter when the plan has YAML front matter, else on a
 * line after the last overview fact in that fact's style (`**Label**:` or `**Label:**`), else below the title.
 */
export function planDateEdits(source: string, model: PlanModel, change: PlanDatesChange): Edit[] {
  const dates = model.dates ?? readPlanDates(source, model.facts, model.frontMatter);
  const eol = model.conventions.eol;
  const edits: Edit[] = [];
  const added: { label: string; key: string; date: string }[] = [];
  const wanted: [keyof PlanDates, string | null | undefined, string, string][] = [
    ['start', change.startDate, 'Start Date', 'start_date'],
    ['target', change.targetDate, 'Target Date', 'target_date'],
  ];
  for (const [which, want, label, key] of wanted) {
    if (want === undefined) continue;
    if (want !== null && !isIsoDate(want)) throw new RangeError(`${label}: "${want}" is not a date (YYYY-MM-DD)`);
    const have = dates[which];
    if (have) {
      if (want === have.date) continue;
      if (want === null) {
        edits.push({
          start: have.line.start,
          end: have.line.end,
          expect: source.slice(have.line.start, have.line.end),
          text: '',
        });
      } else edits.push({ start: have.span.start, end: have.span.end, expect: have.date, text: want });
    } else if (want !== null) added.push({ label, key, date: want });
  }
  if (added.length) edits.push(insertion(source, model, eol, added));
  return edits;
}

function insertion(
  source: string,
  model: PlanModel,
  eol: string,
  added: { label: string; key: string; date: string }[],
): Edit {
  const fm = model.frontMatter;
  if (fm && source.startsWith('---', fm.start)) {
    // Before the closing `---` (or `...`) line.
    const body = source.slice(fm.start, fm.end).replace(/\r?\n$/, '');
    const at = fm.start + body.lastIndexOf('\n') + 1;
    return { start: at, end: at, expect: '', text: added.map((a) => `${a.key}: ${a.date}${eol}`).join('') };
  }
  const last = model.facts.at(-1);
  if (last) {
    const line = lineAround(source, last.span.start);
    const raw = source.slice(line.start, line.end);
    const indent = /^[ \t]*/.exec(raw)![0];
    const inside = /^[ \t]*\*\*[^*\r\n]*?:\*\*/.test(raw);
    const text = added.map((a) => `${indent}**${a.label}${inside ? ':**' : '**:'} ${a.date}`);
    if (line.end === source.length && !raw.endsWith('\n')) {
      return { start: line.end, end: line.end, expect: '', text: text.map((t) => eol + t).join('') };
    }
    return { start: line.end, end: line.end, expect: '', text: text.map((t) => t + eol).join('') };
  }
  const text = added.map((a) => `**${a.label}**: ${a.date}`).join(eol);
  const bom = source.charCodeAt(0) === 0xfeff ? 1 : 0;
  const title = /^#[ \t][^\r\n]*(?:\r?\n|$)/m.exec(source);
  if (title && model.title !== null) {
    const at = title.index + title[0].length;
    const lead = title[0].endsWith('\n') ? '' : eol;
    const nextBlank = /^[ \t]*(?:\r?\n|$)/.test(source.slice(at));
    return { start: at, end: at, expect: '', text: `${lead}${eol}${text}${eol}${nextBlank ? '' : eol}` };
  }
  const at = fm ? fm.end : bom;
  return { start: at, end: at, expect: '', text: `${text}${eol}${eol}` };
}
