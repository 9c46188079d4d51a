// All items of a plan: filters (phase, section, status, ID prefix, text) live in the URL, filtering and
// paging happen in SQL, and each row's status changes in place (see StatusControl).
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation, useSubmit } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import { z } from 'zod';
import { StatusControl } from '../components/StatusControl';
import { useToast } from '../components/Toast';
import { plural } from '../lib/format';
import { readable } from '../lib/readable.server';
import { requirePlan } from '../lib/plan.server';
import { listItemSummaries, listPrefixes, planOutline, type ItemFilter } from '../lib/queries.server';
import { cachedForPlan } from '../lib/cache.server';
import { type StatusActionData } from '../lib/status-action.server';
import { handlePlanAction, menuChoices, SECTION_MENU_LIMIT, structureChoices } from '../lib/structure.server';
import {
  BulkBar,
  MoveButtons,
  PlanStructureTools,
  SectionAddItem,
  SelectBox,
  StructureBanner,
  useOptimisticRows,
} from '../components/StructureForms';
import { STATUSES, STATUS_INFO } from '../../parser/index';
import { usePlanAbilities } from '../lib/abilities';

const PAGE_SIZE = 100;
const DESCRIPTION_CHARS = 180;

const filterSchema = z.object({
  phase: z.string().max(200).optional().catch(undefined),
  section: z.string().max(200).optional().catch(undefined),
  status: z.enum(STATUSES).optional().catch(undefined),
  prefix: z.string().max(100).optional().catch(undefined),
  q: z.string().trim().max(200).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});

export const meta: MetaFunction = () => [{ title: 'Items · Tickmark' }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const plan = await requirePlan(context, params.slug);
  const sp = new URL(request.url).searchParams;
  const raw = Object.fromEntries([...sp.entries()].filter(([, v]) => v !== ''));
  const filters = filterSchema.parse(raw);
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
  // Rows are read fresh on every request; the number of matches only changes with the plan, so it is memoized.
  const [{ items: rows, total }, outline, prefixes, choices] = await Promise.all([
    listItemSummaries(db, filter, {
      descriptionChars: DESCRIPTION_CHARS,
      countWith: (count) => cachedForPlan(context, plan.id, `count:${JSON.stringify(match)}`, count),
    }),
    cachedForPlan(context, plan.id, 'outline', () => planOutline(db, plan.id)),
    cachedForPlan(context, plan.id, 'prefixes', () => listPrefixes(db, plan.id)),
    cachedForPlan(context, plan.id, 'structure-choices', () => structureChoices(db, plan.id)),
  ]);
  const nesting = nestingOnPage(rows);
  const sectionTitles = new Map(outline.sections.map((s) => [s.key, s.number ? `${s.number} ${s.title}` : s.title]));
  // A plan with hundreds of sections lists them once a phase is chosen (the menu stays usable and light).
  const sectionChoices = filters.phase
    ? outline.sections.filter((s) => s.phaseKey === filters.phase)
    : outline.sections.length <= SECTION_MENU_LIMIT
      ? outline.sections
      : outline.sections.filter((s) => s.key === filters.section);
  // Shown text with its mojibake repaired; the structure choices (form values) as they are.
  return json({
    ...readable({
      plan: { slug: plan.slug },
      filters,
      // Only what a row shows: the page's data is serialised into the HTML once more for hydration.
      items: rows.map((r) => ({
        key: r.key,
        itemId: r.itemId,
        title: r.title,
        status: r.status,
        optional: r.optional,
        version: r.version,
        // The list shows the start of long descriptions; the item page has all of it.
        description:
          r.description.length > DESCRIPTION_CHARS
            ? `${r.description.slice(0, DESCRIPTION_CHARS).trimEnd()}…`
            : r.description,
        section: r.sectionKey ? (sectionTitles.get(r.sectionKey) ?? null) : null,
        sectionKey: r.sectionKey,
        ...nesting.get(r.key),
      })),
      total,
      pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
      phases: outline.phases,
      sections: sectionChoices.map((s) => ({ key: s.key, number: s.number, title: s.title })),
      sectionsNeedPhase: !filters.phase && outline.sections.length > SECTION_MENU_LIMIT,
      prefixes,
    }),
    choices: menuChoices(choices, filters.phase),
  });
}

const MAX_INDENT = 3;

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

export async function action({ request, context, params }: ActionFunctionArgs) {
  const plan = await requirePlan(context, params.slug);
  return handlePlanAction(request, context, plan);
}

export default function ItemsPage() {
  const data = useLoaderData<typeof loader>();
  const posted = useActionData() as StatusActionData | { values: unknown } | undefined;
  // Structure forms' answers show in their own banner (StructureBanner).
  const actionData = posted && !('values' in posted) ? posted : undefined;
  const { filters } = data;
  const location = useLocation();
  const navigation = useNavigation();
  const submit = useSubmit();
  const notify = useToast();
  // Selection and ↑/↓ columns only for a lead (the forms themselves hide for everyone else).
  const shapes = usePlanAbilities().lead;
  const formRef = useRef<HTMLFormElement>(null);
  const textTimer = useRef<ReturnType<typeof setTimeout>>();
  const searchRef = useRef<HTMLInputElement>(null);
  // Keep the search box in step with the URL (Clear, back/forward) unless the user is typing in it.
  useEffect(() => {
    const input = searchRef.current;
    if (input && document.activeElement !== input) input.value = filters.q ?? '';
  }, [filters.q]);
  const base = `/plans/${encodeURIComponent(data.plan.slug)}`;
  const action = `${base}/items${location.search}`;
  const loading = navigation.state === 'loading' && navigation.location?.pathname === location.pathname;

  // A plain-form conflict (no JavaScript when posted) comes back as action data.
  useEffect(() => {
    if (actionData && !actionData.ok) notify('error', actionData.message);
  }, [actionData, notify]);

  const apply = (replace: boolean) => {
    if (!formRef.current) return;
    const fd = new FormData(formRef.current);
    for (const [k, v] of [...fd.entries()]) if (v === '') fd.delete(k);
    fd.delete('page');
    submit(fd, { method: 'get', replace, preventScrollReset: true });
  };
  // Selects are controlled: they show the filter being loaded at once, and the URL's once it is there.
  const pending =
    navigation.location?.pathname === location.pathname ? new URLSearchParams(navigation.location.search) : null;
  const current = (name: 'status' | 'prefix' | 'phase' | 'section') =>
    pending ? (pending.get(name) ?? '') : (filters[name] ?? '');
  // A structure change being sent shows at once; the loader's rows again once it is answered.
  const rows = useOptimisticRows(data.items);
  // "Add item" closes each section the table shows whole: not in a view filtered by status, category or text.
  const whole = !filters.status && !filters.prefix && !filters.q;
  const addRows = whole
    ? sectionEnds(rows, filters.page === data.pages, filters.section ?? null, data.choices)
    : new Map<string, SectionChoice>();
  const columns = shapes ? 6 : 4;
  const firstShown = data.total === 0 ? 0 : (filters.page - 1) * PAGE_SIZE + 1;
  const lastShown = Math.min(filters.page * PAGE_SIZE, data.total);

  return (
    <div className="items-page">
      {actionData && !actionData.ok ? (
        <p className="banner banner-error" role="alert" data-testid="conflict-banner">
          {actionData.message}
        </p>
      ) : null}
      <Form method="get" ref={formRef} className="filters" role="search" aria-label="Filter items" preventScrollReset>
        <div className="field">
          <label htmlFor="filter-q">Search</label>
          <input
            id="filter-q"
            type="search"
            name="q"
            ref={searchRef}
            defaultValue={filters.q ?? ''}
            placeholder="Title, description or ID"
            onChange={() => {
              clearTimeout(textTimer.current);
              textTimer.current = setTimeout(() => apply(true), 250);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor="filter-status">Status</label>
          <select id="filter-status" name="status" value={current('status')} onChange={() => apply(false)}>
            <option value="">Any</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_INFO[s].label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-prefix">Category</label>
          <select id="filter-prefix" name="prefix" value={current('prefix')} onChange={() => apply(false)}>
            <option value="">Any</option>
            {data.prefixes.map((p) => (
              <option key={p.prefix} value={p.prefix}>
                {p.prefix} ({p.n})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-phase">Phase</label>
          <select id="filter-phase" name="phase" value={current('phase')} onChange={() => apply(false)}>
            <option value="">Any</option>
            {data.phases.map((p) => (
              <option key={p.key} value={p.key}>
                {p.number !== null ? `Phase ${p.number}: ` : ''}
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-section">Section</label>
          <select id="filter-section" name="section" value={current('section')} onChange={() => apply(false)}>
            <option value="">{data.sectionsNeedPhase ? 'Any (choose a phase to list sections)' : 'Any'}</option>
            {data.sections.map((s) => (
              <option key={s.key} value={s.key}>
                {s.number ? `${s.number} ` : ''}
                {s.title}
              </option>
            ))}
          </select>
        </div>
        <div className="filter-buttons">
          <button type="submit" className="button nojs-only">
            Apply
          </button>
          <Link to={`${base}/items`} className="button button-quiet" reloadDocument={false}>
            Clear
          </Link>
        </div>
      </Form>

      <StructureBanner />
      <PlanStructureTools action={action} choices={data.choices} section={filters.section} />

      <p className="result-count muted" aria-live="polite" data-testid="result-count">
        {data.total === 0
          ? 'No items match.'
          : `${firstShown.toLocaleString('en')}–${lastShown.toLocaleString('en')} of ${plural(data.total, 'item')}`}
      </p>

      <div className={`table-wrap${loading ? ' is-loading' : ''}`}>
        <table className="items" data-testid="items">
          <thead>
            <tr>
              {shapes ? (
                <th scope="col" className="col-select">
                  <span className="sr-only">Select</span>
                </th>
              ) : null}
              <th scope="col" className="col-status">
                Status
              </th>
              <th scope="col" className="col-id">
                ID
              </th>
              <th scope="col">Item</th>
              <th scope="col" className="col-section">
                Section
              </th>
              {shapes ? (
                <th scope="col" className="col-move">
                  <span className="sr-only">Order</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {rows.flatMap((item) => [
              <tr
                key={item.key}
                data-key={item.key}
                data-status={item.status}
                data-pending={item.pending}
                aria-busy={item.pending ? true : undefined}
              >
                {shapes ? (
                  <td className="col-select">
                    <SelectBox item={item} />
                  </td>
                ) : null}
                <td className="col-status">
                  <StatusControl item={item} action={action} />
                </td>
                <td className="col-id mono">{item.itemId ?? ''}</td>
                <td className={item.depth ? `col-item nested depth-${item.depth}` : 'col-item'}>
                  {item.parent ? <div className="item-parent muted">under {item.parent}</div> : null}
                  <Link to={`${base}/items/${encodeURIComponent(item.key)}`} className="item-title">
                    {item.depth ? <span aria-hidden="true">↳ </span> : null}
                    {item.title}
                  </Link>
                  {item.optional ? <span className="badge badge-optional">optional</span> : null}
                  {item.description ? <div className="item-desc">{item.description}</div> : null}
                </td>
                <td className="col-section muted">{item.section ?? ''}</td>
                {shapes ? (
                  <td className="col-move">
                    <MoveButtons action={action} item={item} />
                  </td>
                ) : null}
              </tr>,
              shapes && addRows.get(item.key) ? (
                <AddRow
                  key={`add:${addRows.get(item.key)!.key}`}
                  action={action}
                  columns={columns}
                  place={addRows.get(item.key)!}
                />
              ) : null,
            ])}
            {shapes && addRows.get('') ? <AddRow action={action} columns={columns} place={addRows.get('')!} /> : null}
          </tbody>
        </table>
      </div>

      <BulkBar action={action} choices={data.choices} />

      {data.pages > 1 ? <Pager page={filters.page} pages={data.pages} search={location.search} /> : null}
    </div>
  );
}

type SectionChoice = { key: string; label: string; nextId: string | null };

/** "Add item" at the end of each section the page shows: after a row followed by another section's row, after
 * the last row of the last page, and (key '') for a chosen section that has no items yet. */
function sectionEnds(
  rows: { key: string; sectionKey: string | null }[],
  lastPage: boolean,
  chosen: string | null,
  choices: { sections: SectionChoice[] },
): Map<string, SectionChoice> {
  const byKey = new Map(choices.sections.map((s) => [s.key, s]));
  const out = new Map<string, SectionChoice>();
  rows.forEach((r, i) => {
    const next = rows[i + 1];
    const ends = next ? next.sectionKey !== r.sectionKey : lastPage;
    const section = r.sectionKey ? byKey.get(r.sectionKey) : undefined;
    if (ends && section) out.set(r.key, section);
  });
  const empty = chosen && !rows.length ? byKey.get(chosen) : undefined;
  if (empty) out.set('', empty);
  return out;
}

function AddRow({ action, columns, place }: { action: string; columns: number; place: SectionChoice }) {
  return (
    <tr className="add-row">
      <td colSpan={columns}>
        <SectionAddItem action={action} to={`section:${place.key}`} label={place.label} nextId={place.nextId} />
      </td>
    </tr>
  );
}

function Pager({ page, pages, search }: { page: number; pages: number; search: string }) {
  const to = (n: number) => {
    const sp = new URLSearchParams(search);
    if (n === 1) sp.delete('page');
    else sp.set('page', String(n));
    const s = sp.toString();
    return s ? `?${s}` : '?';
  };
  return (
    <nav className="pager" aria-label="Pages">
      {page > 1 ? (
        <Link to={to(page - 1)} rel="prev" className="button button-quiet">
          ← Previous
        </Link>
      ) : (
        <span className="button button-quiet" aria-disabled="true">
          ← Previous
        </span>
      )}
      <span className="muted">
        Page {page} of {pages}
      </span>
      {page < pages ? (
        <Link to={to(page + 1)} rel="next" className="button button-quiet">
          Next →
        </Link>
      ) : (
        <span className="button button-quiet" aria-disabled="true">
          Next →
        </span>
      )}
    </nav>
  );
}
