// Phases and sections from top-level headings.
//
// Phase headings name themselves: `## Phase 1: HIGH Priority Items (55 items) ✅ COMPLETE`. Documents without
// them get a structure from their heading levels: the shallowest level below a lone `#` title whose
// headings hold items becomes the phase level. Sections are the next level down (`### 1.1 Caching …`),
// counted when they sit inside a phase, carry a number, or hold items themselves.

import type { Diagnostic, Phase, Section, Span } from './types';
import type { OutlineHeading } from './outline';
import type { LineIndex } from './lines';
import { KeyRegistry, slug, stripBold } from './text';
import { CHECK_ALT } from './markers';

export interface HeadingText {
  depth: number;
  start: number;
  end: number;
  /** The heading's text without `#` marks, closing sequence or setext underline. */
  text: string;
  textStart: number;
}

/** Read a heading's text from the source (ATX or setext). */
export function headingText(source: string, h: OutlineHeading): HeadingText {
  const raw = source.slice(h.start, h.end);
  const atx = /^ {0,3}#{1,6}[ \t]*/.exec(raw);
  if (atx && /^ {0,3}#/.test(raw)) {
    const text = stripClosingSequence(raw.slice(atx[0].length));
    return { depth: h.depth, start: h.start, end: h.end, text, textStart: h.start + atx[0].length };
  }
  // Setext: every line but the underline.
  const body = raw.replace(/(?:\r\n|\r|\n)[^\r\n]*$/, '');
  const lead = /^[ \t]*/.exec(body)![0].length;
  return { depth: h.depth, start: h.start, end: h.end, text: body.trim(), textStart: h.start + lead };
}

// Patterns below avoid adjacent quantifiers over the same characters: heading lines can be very long.
// `Phase 2`, and lettered phases as task tables often have them: `Phase A — Data (Week 1)`.
const PHASE = /^[^\p{L}\p{N}]*phase\s+(\d+|[A-Z])(?![.\d\p{L}])([\s\S]*)$/iu;
const PRIORITY_WORD = /\b(CRITICAL|HIGH|MEDIUM|LOW)\b/i;
const PRIORITY_CODE = /Priority:\s*(P\d+)/i;
const COUNT_AT_END = /(?<![\d.])(\d+)[ \t]+(?:items?|tasks?)$/i;
const STATUS_MARKER = new RegExp(`(?:${CHECK_ALT}|🚧)[A-Za-z \\t]*$`);
const SECTION_NUMBER = /^(\d+(?:\.\d+)+|\d+)\.?(?=\s)([\s\S]*)$/;

/** `(55 items)`, `(HIGH Priority - 20 items)`: the count, where it stands in `text`, and the rest of the
 * parenthesis. Found without backtracking over long lines. */
function statedCount(
  text: string,
): { count: number; digits: string; at: number; index: number; length: number; rest: string } | null {
  for (let open = text.indexOf('('); open !== -1; open = text.indexOf('(', open + 1)) {
    const close = text.indexOf(')', open + 1);
    if (close === -1) return null;
    const inner = text.slice(open + 1, close);
    if (inner.includes('(')) continue;
    const m = COUNT_AT_END.exec(inner.trimEnd());
    if (!m) continue;
    let restEnd = m.index;
    while (restEnd > 0 && /[\s\-–—:,]/.test(inner[restEnd - 1])) restEnd--;
    return {
      count: Number(m[1]),
      digits: m[1],
      at: open + 1 + m.index,
      index: open,
      length: close + 1 - open,
      rest: inner.slice(0, restEnd).trim(),
    };
  }
  return null;
}

/** Drop an ATX heading's optional closing `#` sequence and trailing blanks (by hand: lines can be long). */
function stripClosingSequence(text: string): string {
  let end = text.length;
  while (end > 0 && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  let hashes = end;
  while (hashes > 0 && text[hashes - 1] === '#') hashes--;
  if (hashes < end && (hashes === 0 || text[hashes - 1] === ' ' || text[hashes - 1] === '\t')) {
    end = hashes;
    while (end > 0 && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  }
  return text.slice(0, end);
}

export interface Structure {
  phases: Phase[];
  sections: Section[];
  /** Phase heading ranges: [start, end) in the source, parallel to `phases`. */
  phaseRanges: Span[];
  sectionRanges: Span[];
}

export function readStructure(
  source: string,
  headings: HeadingText[],
  itemStarts: number[],
  lines: LineIndex,
  diagnostics: Diagnostic[],
): Structure {
  const ranges = headings.map((h, i) => {
    let end = source.length;
    for (let j = i + 1; j < headings.length; j++) {
      if (headings[j].depth <= h.depth) {
        end = headings[j].start;
        break;
      }
    }
    return { start: h.start, end };
  });
  const holdsItems = (r: Span): boolean => {
    // itemStarts is sorted: binary search for the first start ≥ r.start.
    let lo = 0;
    let hi = itemStarts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (itemStarts[mid] < r.start) lo = mid + 1;
      else hi = mid;
    }
    return lo < itemStarts.length && itemStarts[lo] < r.end;
  };

  // Phase level: the depth of the first "Phase N" heading, else the shallowest level holding items.
  const named = headings.map((h) => PHASE.exec(stripBold(h.text)));
  let phaseDepth = headings.find((_, i) => named[i])?.depth ?? 0;
  let byName = phaseDepth > 0;
  if (!byName) {
    const loneTitle = headings.filter((h) => h.depth === 1).length === 1 && headings[0]?.depth === 1;
    const candidates = headings.filter((h, i) => !(loneTitle && i === 0) && holdsItems(ranges[i]));
    phaseDepth = candidates.length ? Math.min(...candidates.map((h) => h.depth)) : 0;
    byName = false;
  }

  const phases: Phase[] = [];
  const phaseRanges: Span[] = [];
  const sections: Section[] = [];
  const sectionRanges: Span[] = [];
  const phaseKeys = new KeyRegistry();
  const sectionKeys = new KeyRegistry();
  const firstSectionAt = new Map<string, number>();

  headings.forEach((h, i) => {
    if (phaseDepth === 0) return;
    if (h.depth === phaseDepth) {
      const m = named[i];
      if (byName ? !m : !holdsItems(ranges[i])) return;
      if (!byName && headings[0] === h && headings[0].depth === 1 && headings.filter((x) => x.depth === 1).length === 1)
        return;
      phases.push(readPhase(h, m, phaseKeys, lines));
      phaseRanges.push(ranges[i]);
      return;
    }
    if (h.depth !== phaseDepth + 1) return;
    const inPhase = phaseRanges.length > 0 && phaseRanges[phaseRanges.length - 1].end > h.start;
    const text = stripBold(h.text);
    const num = SECTION_NUMBER.exec(text);
    if (!inPhase && !num && !holdsItems(ranges[i])) return;
    const number = num ? num[1] : null;
    const title = num ? num[2].trim() : text;
    const claimed = sectionKeys.claim(number ?? slug(title));
    if (claimed.duplicate && number !== null) {
      const first = firstSectionAt.get(number);
      const firstLine = first === undefined ? '' : ` (first at line ${lines.position(first).line})`;
      diagnostics.push({
        severity: 'warning',
        code: 'duplicate-section',
        message: `Section number ${number} is used more than once${firstLine}; this one is keyed "${claimed.key}". Renumber it.`,
        ...lines.position(h.start),
        span: { start: h.start, end: h.end },
      });
    }
    if (number !== null && !firstSectionAt.has(number)) firstSectionAt.set(number, h.start);
    sections.push({
      key: claimed.key,
      number,
      title,
      phaseKey: inPhase ? phases[phases.length - 1].key : null,
      depth: h.depth,
      heading: { start: h.start, end: h.end },
      ...lines.position(h.start),
    });
    sectionRanges.push(ranges[i]);
  });

  return { phases, sections, phaseRanges, sectionRanges };
}

function readPhase(h: HeadingText, m: RegExpExecArray | null, keys: KeyRegistry, lines: LineIndex): Phase {
  const text = h.text;
  const number = m && /^\d/.test(m[1]) ? Number(m[1]) : null;
  const letter = m && number === null ? m[1].toLowerCase() : null;
  let name = m ? m[2].replace(/^\s*[:.\-–—]?\s*/, '') : text;
  const count = statedCount(text);
  const marker = STATUS_MARKER.exec(text);
  if (marker) name = name.slice(0, name.length - (text.length - marker.index)).trimEnd();
  const nameCount = statedCount(name);
  if (nameCount)
    name =
      name.slice(0, nameCount.index) +
      (nameCount.rest ? `(${nameCount.rest})` : '') +
      name.slice(nameCount.index + nameCount.length);
  name = stripBold(name).trim();
  if (/^\(.*\)$/.test(name)) name = name.slice(1, -1);
  const priority = PRIORITY_WORD.exec(name)?.[1]?.toUpperCase() ?? PRIORITY_CODE.exec(text)?.[1]?.toUpperCase() ?? null;
  let statedCountSpan: Span | null = null;
  if (count) {
    const at = h.textStart + count.at;
    statedCountSpan = { start: at, end: at + count.digits.length };
  }
  return {
    key: keys.claim(number !== null ? `phase-${number}` : letter !== null ? `phase-${letter}` : slug(name)).key,
    number,
    name,
    priority,
    statedCount: count ? count.count : null,
    statedCountSpan,
    statusMarker: marker ? marker[0].trim() : null,
    depth: h.depth,
    heading: { start: h.start, end: h.end },
    ...lines.position(h.start),
  };
}
