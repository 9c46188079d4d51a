// Report blocks: a week's report that Tickmark writes into the progress log between two HTML comments naming
// the week. The parser masks them (every character but line breaks becomes a space, so offsets hold) before
// reading anything: nothing inside a block is ever an item, a heading or a log row. A block whose end marker
// is gone is no longer a block, and a block deleted by hand is simply gone.
import type { Edit, PlanModel } from './types';

export interface ReportBlock {
  /** The week the markers name: `2026-W01`, `Week 2`, `2026-01-01..2026-01-07`. */
  week: string;
  /** From the start of the begin marker's line to the end of the end marker (its line break excluded). */
  start: number;
  end: number;
}

const BEGIN = '<!-- tickmark:report ';
const END = '<!-- /tickmark:report ';
const CLOSE = ' -->';
const MARKER = /^[ \t]*<!-- (\/?)tickmark:report (.+?) -->[ \t]*$/gm;

export function beginMarker(week: string): string {
  return `${BEGIN}${week}${CLOSE}`;
}
export function endMarker(week: string): string {
  return `${END}${week}${CLOSE}`;
}

/** The report blocks of a text, in order: each begin marker paired with the next end marker naming its week. */
export function findReportBlocks(text: string): ReportBlock[] {
  if (!text.includes('tickmark:report')) return [];
  const blocks: ReportBlock[] = [];
  let open: { week: string; start: number } | null = null;
  for (const m of text.matchAll(MARKER)) {
    const [line, slash, week] = m;
    const end = m.index + line.replace(/\r$/, '').length;
    if (!slash) open = { week, start: m.index };
    else if (open && open.week === week) {
      blocks.push({ week, start: open.start, end });
      open = null;
    }
  }
  return blocks;
}

/** The text with every report block blanked (line breaks kept): what the rest of the parser reads. */
export function maskReportBlocks(text: string): string {
  const blocks = findReportBlocks(text);
  if (!blocks.length) return text;
  let out = '';
  let at = 0;
  for (const b of blocks) {
    out += text.slice(at, b.start) + text.slice(b.start, b.end).replace(/[^\r\n]/g, ' ');
    at = b.end;
  }
  return out + text.slice(at);
}

export class NoProgressLogError extends Error {
  constructor() {
    super('the plan has no progress log: add a `## Progress Log` heading, then append the report');
    this.name = 'NoProgressLogError';
  }
}

/**
 * The edit that puts a week's report block into the plan: in place of the block already there for that week,
 * else after the document week it reports (`Week 2`) or at the end of the progress log, after any blocks
 * already there. `lines` is the block's content; the document's line endings are used.
 */
export function reportBlockEdit(text: string, model: PlanModel, week: string, lines: string[]): Edit {
  const eol = model.conventions.eol;
  // A content line that reads as a marker would cut the block short: its `<` is written as an entity.
  const safe = lines.map((l) => l.replace(/^([ \t]*)<(!-- \/?tickmark:report )/, '$1&lt;$2'));
  const block = [beginMarker(week), ...safe, endMarker(week)].join(eol);
  const blocks = findReportBlocks(text);
  const existing = blocks.find((b) => b.week === week);
  if (existing) {
    return { start: existing.start, end: existing.end, expect: text.slice(existing.start, existing.end), text: block };
  }
  if (!model.log) throw new NoProgressLogError();
  const docWeek = model.log.weeks.find((w) => w.title.trim().toLowerCase() === week.toLowerCase());
  let at = docWeek ? (docWeek.table?.end ?? docWeek.heading.end) : model.log.end;
  // Keep blocks in the order they were appended: skip blocks that directly follow the insertion point.
  for (let moved = true; moved;) {
    moved = false;
    for (const b of blocks) {
      if (b.start > at && text.slice(at, b.start).trim() === '') {
        at = b.end;
        moved = true;
      }
    }
  }
  return { start: at, end: at, expect: '', text: `${eol}${eol}${block}` };
}
