// The items page's data: its filters read from the URL, one page of rows in document order (filtered and paged
// in SQL), each row's nesting and section title, and the menus the filters offer.
import type { AppLoadContext } from '@remix-run/node';
import { z } from 'zod';
import { cachedForPlan, cachedJsonForPlan } from './cache.server';
import type { PlanHead } from './queries.server';
import { listItemSummaries, listPrefixes, planOutline, type ItemFilter } from './queries.server';
import type { CompactItemRow } from './item-rows';
import { readable } from './readable.server';
import { menuChoices, SECTION_MENU_LIMIT, structureChoices } from './structure.server';
import { STATUSES } from '../../parser/index';

export const PAGE_SIZE = 100;
const DESCRIPTION_CHARS = 180;
const MAX_INDENT = 3;

const filterSchema = z.object({
  phase: z.string().max(200).optional().catch(undefined),
  section: z.string().max(200).optional().catch(undefined),
  status: z.enum(STATUSES).optional().catch(undefined),
  prefix: z.string().max(100).optional().catch(undefined),
  q: z.string().trim().max(200).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});

/** Tells apart each computing of a page of rows (see `rowsStamp` below). */
let rowsComputed = 0;

export type ItemsFilters = z.infer<typeof filterSchema>;

/** The filters in a request's URL (empty values are no filter; a value out of range is dropped). */
export function itemsFilters(url: URL): ItemsFilters {
  return filterSchema.parse(Object.fromEntries([...url.searchParams.entries()].filter(([, v]) => v !== '')));
}

/** The items page's answer for one URL: its data as JSON, built once per plan state and filters. */
export function itemsPageJson(context: AppLoadContext, plan: Pick<PlanHead, 'id' | 'slug'>, url: URL) {
  const key = `items-page:${JSON.stringify([plan.slug, itemsFilters(url)])}`;
  return cachedJsonForPlan(context, plan.id, key, () => loadItemsPage(context, plan, url));
}

/** Everything the items page shows for one URL. */
export async function loadItemsPage(context: AppLoadContext, plan: Pick<PlanHead, 'id' | 'slug'>, url: URL) {
  const filters = itemsFilters(url);
  const db = context.tickmark.db;
  const { page, ...match } = filters;
  const filter: ItemFilter = {
    planId: plan.id,
    phaseKey: match.phase,
    sectionKey: match.section,
    status: match.status,
    prefix: match.prefix,
    search: match.q,
    offset: (page - 1) * PAGE_SIZE,
    limit: PAGE_SIZE,
  };
  const outlineOf = () => cachedForPlan(context, plan.id, 'outline', () => planOutline(db, plan.id));
  // A page of rows and the number of matches only change with the plan: memoized per plan like the menus
  // (dropped on every change this process makes or imports, decision 040), shaped as the page shows them
  // (decision 047). Its stamp names this computing of it: the page keeps the rows' markup by it (decision 060).
  const [{ items, sectionTitles, total, rowsStamp }, outline, prefixes, choices] = await Promise.all([
    cachedForPlan(context, plan.id, `rows:${JSON.stringify(filters)}`, async () => {
      const [{ items: rows, total }, { sections }] = await Promise.all([
        listItemSummaries(db, filter, {
          descriptionChars: DESCRIPTION_CHARS,
          countWith: (count) => cachedForPlan(context, plan.id, `count:${JSON.stringify(match)}`, count),
        }),
        outlineOf(),
      ]);
      return { ...shapeRows(rows, sections), total, rowsStamp: `${plan.id}.${++rowsComputed}` };
    }),
    outlineOf(),
    cachedForPlan(context, plan.id, 'prefixes', () => listPrefixes(db, plan.id)),
    cachedForPlan(context, plan.id, 'structure-choices', () => structureChoices(db, plan.id)),
  ]);
  // A plan with hundreds of sections lists them once a phase is chosen (the menu stays usable and light).
  const sectionChoices = filters.phase
    ? outline.sections.filter((s) => s.phaseKey === filters.phase)
    : outline.sections.length <= SECTION_MENU_LIMIT
      ? outline.sections
      : outline.sections.filter((s) => s.key === filters.section);
  // Shown text with its mojibake repaired (the rows' already); the structure choices (form values) as they are.
  return {
    items,
    sectionTitles,
    rowsStamp,
    ...readable({
      plan: { slug: plan.slug },
      filters,
      total,
      pageSize: PAGE_SIZE,
      pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
      phases: outline.phases,
      sections: sectionChoices.map((s) => ({ key: s.key, number: s.number, title: s.title })),
      sectionsNeedPhase: !filters.phase && outline.sections.length > SECTION_MENU_LIMIT,
      prefixes,
    }),
    choices: menuChoices(choices, filters.phase),
  };
}

type ItemSummary = Awaited<ReturnType<typeof listItemSummaries>>['items'][number];
type OutlineSection = Awaited<ReturnType<typeof planOutline>>['sections'][number];

/** The page's rows (see CompactItemRow) and the titles of their sections. */
function shapeRows(
  rows: ItemSummary[],
  sections: OutlineSection[],
): { items: CompactItemRow[]; sectionTitles: Record<string, string> } {
  const nesting = nestingOnPage(rows);
  const titles = new Map(sections.map((s) => [s.key, s.number ? `${s.number} ${s.title}` : s.title]));
  const sectionTitles: Record<string, string> = {};
  const items = rows.map((r) => {
    const row: CompactItemRow = {
      key: r.key,
      title: r.title,
      status: r.status,
      version: r.version,
      sectionKey: r.sectionKey,
    };
    if (r.itemId !== r.key) row.itemId = r.itemId;
    if (r.optional) row.optional = true;
    // The list shows the start of long descriptions; the item page has all of it.
    if (r.description) {
      row.description =
        r.description.length > DESCRIPTION_CHARS
          ? `${r.description.slice(0, DESCRIPTION_CHARS).trimEnd()}…`
          : r.description;
    }
    const title = r.sectionKey ? titles.get(r.sectionKey) : undefined;
    if (r.sectionKey && title !== undefined) sectionTitles[r.sectionKey] = readable(title);
    return Object.assign(row, nesting.get(r.key));
  });
  // Shown text with its mojibake repaired (decision 040's `readable`); the titles are repaired above.
  return { items: readable(items), sectionTitles };
}

/** How deep each row sits under the rows above it (document order), and the parent's name when it is not the
 * row it sits under on this page (filtered out, or on another page). */
function nestingOnPage(
  rows: { key: string; parentKey: string | null }[],
): Map<string, { depth: number; parent: string | null }> {
  const out = new Map<string, { depth: number; parent: string | null }>();
  const shown = new Map(rows.map((r) => [r.key, r]));
  for (const r of rows) {
    if (!r.parentKey) continue;
    const above = out.get(r.parentKey);
    const parentShown = shown.has(r.parentKey);
    out.set(r.key, {
      depth: Math.min(MAX_INDENT, (above?.depth ?? 0) + 1),
      parent: parentShown ? null : r.parentKey,
    });
  }
  return out;
}
