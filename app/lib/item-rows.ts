// The items page's rows as its data carries them and as it shows them (decision 060): the data is serialised into
// the page once more for hydration, so it says nothing twice; the page puts back what was left out.

/** A row as the page's data carries it. The data is serialised into the HTML once more for hydration, so it
 * holds only what a row shows and says nothing twice (decision 060): no `itemId` when it is the key, no
 * `optional` when false, no empty description, and its section's title once per page in `sectionTitles`. */
export interface CompactItemRow {
  key: string;
  /** Absent: the same as `key`. */
  itemId?: string | null;
  title: string;
  status: string;
  optional?: true;
  version: number;
  description?: string;
  sectionKey: string | null;
  depth?: number;
  parent?: string | null;
}

/** A row as the page shows it: what `CompactItemRow` left out put back. */
export interface ItemRow {
  key: string;
  itemId: string | null;
  title: string;
  status: string;
  optional: boolean;
  version: number;
  description: string;
  section: string | null;
  sectionKey: string | null;
  depth?: number;
  parent?: string | null;
}

/** The rows the page shows, from its data. */
export function itemRows(data: { items: CompactItemRow[]; sectionTitles: Record<string, string> }): ItemRow[] {
  // Field by field: spreading a row parsed from JSON cost the server a third of a millisecond a page.
  return data.items.map((r) => ({
    key: r.key,
    itemId: r.itemId === undefined ? r.key : r.itemId,
    title: r.title,
    status: r.status,
    optional: !!r.optional,
    version: r.version,
    description: r.description ?? '',
    section: r.sectionKey ? (data.sectionTitles[r.sectionKey] ?? null) : null,
    sectionKey: r.sectionKey,
    depth: r.depth,
    parent: r.parent,
  }));
}
