// Task-list items read from the outline's list items and the source text of their first line.

import type { Diagnostic, Item, Span } from './types';
import type { Outline } from './outline';
import type { LineIndex } from './lines';
import { BROKEN_CHECKBOX, CHECKBOX, statusOf } from './statuses';
import { readId } from './ids';
import { CHECK_FORMS, trailingMarkers, textDoneDateRaw } from './markers';
import { readDate } from './dates';
import { stripBold } from './text';

/** An item as read from its list item, before keys, phase and section are known (parse-plan.ts adds them). */
export interface RawItem extends Pick<
  Item,
  | 'id'
  | 'title'
  | 'description'
  | 'status'
  | 'marker'
  | 'optional'
  | 'markers'
  | 'textDoneDate'
  | 'bullet'
  | 'depth'
  | 'lineSpan'
  | 'statusSpan'
  | 'textSpan'
> {
  /** Index of the parent item in the returned array, or -1. */
  parent: number;
  start: number;
  check: { span: Span; text: string } | null;
  /** Task-table rows only (task-tables.ts). */
  cell?: Item['cell'];
}

const BULLET = /^(?:[-*+]|\d{1,9}[.)])/;
/** The bullet and the whitespace after it: where the item's content starts. */
const LEAD = /^(?:[-*+]|\d{1,9}[.)])[ \t]*/;

function diag(
  lines: LineIndex,
  severity: Diagnostic['severity'],
  code: string,
  message: string,
  span: Span,
): Diagnostic {
  return { severity, code, message, ...lines.position(span.start), span };
}

export function readItems(source: string, outline: Outline, lines: LineIndex, diagnostics: Diagnostic[]): RawItem[] {
  const items: RawItem[] = [];
  /** outline list item index → item index (or -1 when that list item is not a task item). */
  const itemOf = new Int32Array(outline.listItems.length).fill(-1);
  const taskLists = new Set<number>();
  const plainIdItems: { list: number; span: Span; id: string }[] = [];

  outline.listItems.forEach((li, index) => {
    // The checkbox must open the item's first line (`- [ ] …`), as GFM requires.
    if (!li.opensWithParagraph) return;
    const lineEnd = lines.lineEnd(li.start);
    const lead = LEAD.exec(source.slice(li.start, Math.min(lineEnd, li.start + 16)));
    if (!lead) return;
    const p = li.start + lead[0].length;
    // `[x]*` plus the character after it: enough for the lookahead, whatever follows.
    const m = CHECKBOX.exec(source.slice(p, Math.min(p + 5, lineEnd + 1)));
    if (!m) {
      if (BROKEN_CHECKBOX.test(source.slice(p, lineEnd))) {
        diagnostics.push(
          diag(
            lines,
            'warning',
            'malformed-checkbox',
            `"${source.slice(p, source.indexOf(']', p) + 1)}" is not a checkbox; write "[ ]" or "[x]".`,
            { start: p, end: lineEnd },
          ),
        );
      } else {
        const text = source.slice(p, lineEnd);
        const { id } = readId(text);
        if (id !== null && !/^\d/.test(id))
          plainIdItems.push({ list: li.list, span: { start: li.start, end: lineEnd }, id });
      }
      return;
    }
    const marker = m[1];
    const optional = m[2] === '*';
    const statusSpan = { start: p + 1, end: p + 2 };
    let textStart = p + m[0].length;
    while (textStart < lineEnd && (source[textStart] === ' ' || source[textStart] === '\t')) textStart++;
    let textEnd = lineEnd;
    while (textEnd > textStart && /\s/.test(source[textEnd - 1])) textEnd--;
    if (textEnd <= textStart) {
      diagnostics.push(
        diag(lines, 'warning', 'empty-item', 'This checkbox has no text; give the task a title or remove the line.', {
          start: li.start,
          end: lineEnd,
        }),
      );
      return;
    }
    taskLists.add(li.list);
    const text = source.slice(textStart, textEnd);
    const { id, length } = readId(text);
    const trailing = trailingMarkers(text);
    const bodyEnd = trailing.length ? trailing[0].start : text.length;
    const body = text.slice(length, bodyEnd).replace(/^\s*(?:--|[:\-–—])?\s*/, '');
    const sep = separator(body);
    let title = sep ? body.slice(0, sep.start) : body;
    let description = sep ? body.slice(sep.end) : '';
    title = stripBold(title);
    description = stripBold(description);
    if (!title && id) title = id;
    const rawDate = trailing.find((t) => t.date)?.date ?? textDoneDateRaw(text);
    const textDoneDate = rawDate ? readDate(rawDate).date : null;
    if (rawDate && !textDoneDate) {
      diagnostics.push(
        diag(lines, 'error', 'invalid-date', `"${rawDate}" is not a real date; write it as YYYY-MM-DD.`, {
          start: textStart,
          end: textEnd,
        }),
      );
    }
    const lastMarker = trailing[trailing.length - 1];
    const check =
      lastMarker && CHECK_FORMS.includes(lastMarker.text)
        ? {
            span: { start: textStart + lastMarker.start, end: textStart + lastMarker.end },
            text: text.slice(lastMarker.start, lastMarker.end),
          }
        : null;
    const lineStart = lines.lineStart(li.start);
    const indentOnly = /^[ \t]*$/.test(source.slice(lineStart, li.start));
    const parentOutline = li.parent;
    const parent = parentOutline === -1 ? -1 : nearestItem(outline, itemOf, parentOutline);
    itemOf[index] = items.length;
    items.push({
      id,
      title,
      description,
      status: statusOf(marker),
      marker,
      optional,
      markers: trailing.map((t) => t.text),
      textDoneDate,
      bullet: BULLET.exec(source.slice(li.start, li.start + 11))?.[0] ?? '-',
      depth: parent === -1 ? 0 : items[parent].depth + 1,
      parent,
      start: li.start,
      lineSpan: { start: indentOnly ? lineStart : li.start, end: lineEnd },
      statusSpan,
      textSpan: { start: textStart, end: textEnd },
      check,
    });
  });

  for (const plain of plainIdItems) {
    if (!taskLists.has(plain.list)) continue;
    diagnostics.push(
      diag(
        lines,
        'warning',
        'missing-checkbox',
        `${plain.id} is in a task list but has no checkbox; start it with "[ ]" to track it.`,
        plain.span,
      ),
    );
  }
  return items;
}

function nearestItem(outline: Outline, itemOf: Int32Array, from: number): number {
  for (let at = from; at !== -1; at = outline.listItems[at].parent) {
    if (itemOf[at] !== -1) return itemOf[at];
  }
  return -1;
}

/** The first ` - ` (or en/em dash) between title and description, found by hand: texts can be long. */
export function separator(text: string): { start: number; end: number } | null {
  for (let i = 1; i < text.length - 1; i++) {
    const c = text[i];
    if ((c === '-' || c === '–' || c === '—') && /\s/.test(text[i - 1]) && /\s/.test(text[i + 1])) {
      let start = i - 1;
      while (start > 0 && /\s/.test(text[start - 1])) start--;
      let end = i + 2;
      while (end < text.length && /\s/.test(text[end])) end++;
      return { start, end };
    }
  }
  return null;
}
