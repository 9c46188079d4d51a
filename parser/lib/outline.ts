// The block outline: the only thing the plan model takes from the markdown parser. Everything else (titles,
// IDs, checkboxes, cell text) is read from source slices, which is what lets the fast strategy switch off
// inline parsing and split the document without changing the model.

import type { Nodes, Root } from 'mdast';

export interface OutlineHeading {
  depth: number;
  start: number;
  end: number;
}

export interface OutlineListItem {
  start: number;
  end: number;
  /** Index (in `listItems`) of the nearest enclosing list item, or -1. */
  parent: number;
  /** Identity of the list this item belongs to (siblings share it). */
  list: number;
  /** Whether the item's first child is a paragraph that starts on the bullet's line (where a checkbox
   * can stand). Its offset is not kept: GFM's task-list extension moves it past the checkbox. */
  opensWithParagraph: boolean;
}

export interface OutlineTable {
  start: number;
  end: number;
  /** Row spans, header row first (the delimiter row is not a row). */
  rows: { start: number; end: number }[];
}

export interface Outline {
  /** Headings that are direct children of the document (not inside lists or quotes). */
  headings: OutlineHeading[];
  listItems: OutlineListItem[];
  tables: OutlineTable[];
  /** Top-level paragraphs (where overview facts live). */
  paragraphs: { start: number; end: number }[];
  /** Number of lists seen (list identities are 0 … lists-1). */
  lists: number;
}

export function emptyOutline(): Outline {
  return { headings: [], listItems: [], tables: [], paragraphs: [], lists: 0 };
}

/**
 * Append the outline of an mdast tree whose offsets are relative to `shift` in the full source.
 * `continueList`: when the tree's first top-level node is a list, the identity to give it (it continues
 * the previous piece's list). Returns the identity of the tree's last top-level node when it is a list.
 */
export function collectOutline(tree: Root, shift: number, into: Outline, continueList?: number): number | null {
  const visit = (node: Nodes, parentItem: number, atRoot: boolean, list: number): void => {
    const pos = node.position;
    const start = (pos?.start.offset ?? 0) + shift;
    const end = (pos?.end.offset ?? 0) + shift;
    switch (node.type) {
      case 'heading':
        if (atRoot) into.headings.push({ depth: node.depth, start, end });
        return;
      case 'paragraph':
        if (atRoot) into.paragraphs.push({ start, end });
        return;
      case 'table':
        into.tables.push({
          start,
          end,
          rows: node.children.map((row) => ({
            start: (row.position?.start.offset ?? 0) + shift,
            end: (row.position?.end.offset ?? 0) + shift,
          })),
        });
        return;
      case 'list': {
        const id = node === first && continueList !== undefined ? continueList : into.lists++;
        if (node === last) lastList = id;
        for (const child of node.children) visit(child, parentItem, false, id);
        return;
      }
      case 'listItem': {
        const firstChild = node.children[0];
        const index = into.listItems.length;
        into.listItems.push({
          start,
          end,
          parent: parentItem,
          list,
          opensWithParagraph:
            firstChild !== undefined &&
            firstChild.type === 'paragraph' &&
            firstChild.position?.start.line === pos?.start.line,
        });
        for (const child of node.children) visit(child, index, false, list);
        return;
      }
      case 'root':
      case 'blockquote':
      case 'footnoteDefinition':
        for (const child of node.children) visit(child as Nodes, parentItem, node.type === 'root' && atRoot, list);
        return;
      default:
        // Code, HTML, thematic breaks, definitions and inline content hold nothing the model reads.
        return;
    }
  };
  const first = tree.children[0];
  const last = tree.children[tree.children.length - 1];
  let lastList: number | null = null;
  visit(tree, -1, true, -1);
  return lastList;
}

/**
 * Append `part` — the outline of one piece, collected on its own (offsets from 0, lists numbered from 0) —
 * to `into` as if it had been collected in place at `offset`: the same offsets, list identities and parent
 * links a direct collectOutline(tree, offset, into, continueList) gives. `continueList`: the identity for
 * the piece's first top-level list (list 0) when it continues the previous piece's. Returns the identity of
 * `partLastList` (the piece's last top-level list, as collectOutline returned it) in `into`, or null.
 */
export function appendOutline(
  into: Outline,
  part: Outline,
  offset: number,
  partLastList: number | null,
  continueList?: number,
): number | null {
  const base = into.lists;
  const itemBase = into.listItems.length;
  const listId = (r: number) => (continueList === undefined ? base + r : r === 0 ? continueList : base + r - 1);
  for (const h of part.headings) into.headings.push({ depth: h.depth, start: h.start + offset, end: h.end + offset });
  for (const p of part.paragraphs) into.paragraphs.push({ start: p.start + offset, end: p.end + offset });
  for (const t of part.tables) {
    into.tables.push({
      start: t.start + offset,
      end: t.end + offset,
      rows: t.rows.map((r) => ({ start: r.start + offset, end: r.end + offset })),
    });
  }
  for (const li of part.listItems) {
    into.listItems.push({
      start: li.start + offset,
      end: li.end + offset,
      parent: li.parent === -1 ? -1 : li.parent + itemBase,
      list: listId(li.list),
      opensWithParagraph: li.opensWithParagraph,
    });
  }
  into.lists += continueList === undefined ? part.lists : Math.max(0, part.lists - 1);
  return partLastList === null ? null : listId(partLastList);
}
