// An item's first line taken apart the way the parser reads it (ID, title, description, trailing markers), so
// an edit replaces only the title or description, and a new item is written like a sibling: its indentation,
// bullet, checkbox spacing, ID style, separators and trailing check.

import type { Item, PlanModel, Status } from '../types';
import { readId } from '../ids';
import { trailingMarkers } from '../markers';
import { separator } from '../items';
import { markerFor } from '../edits';
import { bulletAt, lineStartOf } from './blocks';
import { StructureError } from './types';

export interface ItemTextParts {
  /** `**CACHE-001**:` as written, or ''. */
  idText: string;
  /** What stands between the ID and the title (`' '`, `' -- '`). */
  idGap: string;
  /** Source offsets of the title-and-description body. */
  bodyStart: number;
  bodyEnd: number;
  rawTitle: string;
  /** The separator between title and description as written (`' - '`), or null. */
  rawSeparator: string | null;
  rawDescription: string;
}

export function itemTextParts(s: string, item: Item): ItemTextParts {
  const text = s.slice(item.textSpan.start, item.textSpan.end);
  const { length } = readId(text);
  const gap = /^\s*(?:--|[:\-–—])?\s*/.exec(text.slice(length))![0];
  const trailing = trailingMarkers(text);
  let bodyEnd = trailing.length ? trailing[0].start : text.length;
  const bodyStart = Math.min(length + gap.length, bodyEnd);
  while (bodyEnd > bodyStart && /\s/.test(text[bodyEnd - 1])) bodyEnd--;
  const body = text.slice(bodyStart, bodyEnd);
  const sep = separator(body);
  return {
    idText: text.slice(0, length),
    idGap: gap,
    bodyStart: item.textSpan.start + bodyStart,
    bodyEnd: item.textSpan.start + bodyEnd,
    rawTitle: sep ? body.slice(0, sep.start) : body,
    rawSeparator: sep ? body.slice(sep.start, sep.end) : null,
    rawDescription: sep ? body.slice(sep.end) : '',
  };
}

const BOLD = /^\*\*[^*]+\*\*$/;

/** The body text for a title and description, bold where the template's were bold. */
export function bodyText(
  title: string,
  description: string,
  like: ItemTextParts | null,
  defaultSeparator: string,
): string {
  const t = like && BOLD.test(like.rawTitle) ? `**${title}**` : title;
  if (!description) return t;
  const d = like && BOLD.test(like.rawDescription) ? `**${description}**` : description;
  return `${t}${like?.rawSeparator ?? defaultSeparator}${d}`;
}

/** The separator most items with a description use (`' - '` when none has one). */
export function commonSeparator(s: string, model: PlanModel): string {
  const seen = new Map<string, number>();
  for (const item of model.items.slice(0, 200)) {
    if (!item.description) continue;
    const sep = itemTextParts(s, item).rawSeparator;
    if (sep) seen.set(sep, (seen.get(sep) ?? 0) + 1);
  }
  let best = ' - ';
  let n = 0;
  for (const [sep, k] of seen) if (k > n) [best, n] = [sep, k];
  return best;
}

/** `inTable`: a table cell has no description to mistake a ` - ` for. */
export function checkTitle(title: string, what = 'title', inTable = false): string {
  if (/[\r\n]/.test(title)) {
    throw new StructureError('line-break', `The ${what} has a line break; an item is one line — write it on one line.`);
  }
  const t = title.trim();
  if (what === 'title' && !t) throw new StructureError('empty-title', 'The title is empty; give the item a title.');
  if (what === 'title' && !inTable && /\s[-–—]\s/.test(t)) {
    throw new StructureError(
      'bad-text',
      `The title "${t}" holds " - ", which the document reads as the start of the description; give the description separately.`,
    );
  }
  return t;
}

// ---- IDs ---------------------------------------------------------------------------------------------------

const NUMBERED = /^(.*?)(\d+)$/;

/** Prefix and width of an ID: `CACHE-008` → `CACHE-`, 3; `T012` → `T`, 3; `1.2.3` → `1.2.`, 1. */
export function idShape(id: string): { prefix: string; width: number } | null {
  const m = NUMBERED.exec(id);
  return m ? { prefix: m[1], width: m[2].length } : null;
}

/** The next free ID of a prefix: one past the highest number the plan has or ever had, padded like siblings. */
export function nextId(prefix: string, width: number, taken: ReadonlySet<string>): string {
  let max = 0;
  for (const id of taken) {
    if (!id.startsWith(prefix)) continue;
    const rest = id.slice(prefix.length);
    if (/^\d+$/.test(rest)) max = Math.max(max, Number(rest));
  }
  let n = max + 1;
  let id = `${prefix}${String(n).padStart(width, '0')}`;
  while (taken.has(id)) id = `${prefix}${String(++n).padStart(width, '0')}`;
  return id;
}

/**
 * The ID a new item among `siblingIds` gets: the next free number of the last sibling ID's prefix, padded
 * like it; with no sibling ID, of the plan's last lettered ID (`lastPlanId`); null when the plan uses none.
 * `taken` is every ID the plan has or ever had. The dashboard shows it before the add (structure.server.ts).
 */
export function suggestItemId(
  siblingIds: readonly (string | null)[],
  lastPlanId: string | null,
  taken: ReadonlySet<string>,
): string | null {
  const withId = siblingIds.filter((id): id is string => id !== null);
  const last = withId.length ? withId[withId.length - 1] : lastPlanId;
  const shape = last ? idShape(last) : null;
  return shape ? nextId(shape.prefix, shape.width, taken) : null;
}

// ---- a new item's line -------------------------------------------------------------------------------------

export interface NewItem {
  id: string | null;
  title: string;
  description: string;
  status: Status;
  today: string;
}

/** The first line of a new item written like `like` (a sibling), or in a plain `- [ ] ` form. */
export function newItemLine(
  s: string,
  model: PlanModel,
  like: Item | null,
  item: NewItem,
  ordinal: number | null,
  indent?: string,
): string {
  const marker = markerFor(model, item.status);
  const sep = commonSeparator(s, model);
  if (!like) {
    const id = item.id ? `**${item.id}**: ` : '';
    return `${indent ?? ''}- [${marker}] ${id}${bodyText(item.title, item.description, null, sep)}${check(model, item)}`;
  }
  const bullet = bulletAt(s, like);
  const lead = indent ?? s.slice(lineStartOf(s, like.lineSpan.start), bullet);
  const bulletText = ordinal !== null && /^\d/.test(like.bullet) ? `${ordinal}${like.bullet.slice(-1)}` : like.bullet;
  const gapBefore = s.slice(bullet + like.bullet.length, like.statusSpan.start - 1);
  const gapAfter = s.slice(like.statusSpan.end + 1, like.textSpan.start).replace(/^\*/, '') || ' ';
  const parts = itemTextParts(s, like);
  let id = '';
  if (item.id) {
    id =
      like.id && parts.idText
        ? `${parts.idText.replace(/\s*\([^)]*\)/g, '').replace(like.id, item.id)}${parts.idGap || ' '}`
        : `**${item.id}**: `;
  }
  const body = bodyText(item.title, item.description, parts, sep);
  return `${lead}${bulletText}${gapBefore}[${marker}]${gapAfter}${id}${body}${check(model, item)}`;
}

function check(model: PlanModel, item: NewItem): string {
  const { checkOnDone, doneCheck, checkDated } = model.conventions;
  if (item.status !== 'done' || !checkOnDone) return '';
  return ` ${doneCheck}${checkDated ? ` ${item.today}` : ''}`;
}
