// All items of a plan: filters (phase, section, status, ID prefix, text) live in the URL, filtering and
// paging happen in SQL (app/lib/items-page.server.ts), and each row's status changes in place (see StatusControl).
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { useActionData, useLoaderData, useLocation, useNavigate, useNavigation } from '@remix-run/react';
import { Component, createRef, useEffect, useMemo, type MouseEvent, type ReactNode } from 'react';
import { useStatusRows } from '../components/StatusControl';
import { statusBadgeHtml } from '../components/StatusBadge';
import { useToast } from '../components/Toast';
import { ItemFilters } from '../components/ItemFilters';
import { Pager } from '../components/Pager';
import { plural } from '../lib/format';
import { requirePlan } from '../lib/plan.server';
import { itemsPageJson } from '../lib/items-page.server';
import { type StatusActionData } from '../lib/status-action.server';
import { handlePlanAction } from '../lib/structure.server';
import {
  BulkBar,
  PlanStructureTools,
  SectionAddItem,
  selectBoxHtml,
  StructureBanner,
  useMoveRows,
  useOptimisticRows,
} from '../components/StructureForms';
import { usePlanAbilities } from '../lib/abilities';
import { useFocusKept } from '../lib/focus-kept';
import { escapeHtml } from '../lib/html';
import { itemRows, type ItemRow } from '../lib/item-rows';
import { htmlOnce } from '../lib/rendered-once';
import { useCsrfToken } from '../components/CsrfField';

export const meta: MetaFunction = () => [{ title: 'Items · Tickmark' }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const plan = await requirePlan(context, params.slug);
  return itemsPageJson(context, plan, new URL(request.url));
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
  const navigate = useNavigate();
  const notify = useToast();
  // Selection and ↑/↓ columns only for a lead (the forms themselves hide for everyone else).
  const { lead: shapes, contribute } = usePlanAbilities();
  const base = `/plans/${encodeURIComponent(data.plan.slug)}`;
  const action = `${base}/items${location.search}`;
  const loading = navigation.state === 'loading' && navigation.location?.pathname === location.pathname;

  // A plain-form conflict (no JavaScript when posted) comes back as action data.
  useEffect(() => {
    if (actionData && !actionData.ok) notify('error', actionData.message);
  }, [actionData, notify]);

  // A structure change being sent shows at once; the loader's rows again once it is answered.
  const rows = useOptimisticRows(useMemo(() => itemRows(data), [data]));
  // Each row's cells with controls are strings of HTML (decision 052): their forms are sent from the table's
  // handlers, and the focus stays on a control whose row was written again.
  const status = useStatusRows(action, rows);
  const move = useMoveRows(action);
  const keepFocus = useFocusKept();
  const csrf = useCsrfToken();
  // A row's cells are one string of HTML (decision 060). What the server writes depends only on the loader's rows
  // (named by their stamp), the viewer's role and form token: it writes them once for all requests alike.
  const rowCells = (item: ItemRow & { pending?: string }) =>
    (shapes ? `<td class="col-select">${selectBoxHtml(item)}</td>` : '') +
    `<td class="col-status">${contribute ? status.formHtml(item) : statusBadgeHtml(item.status)}</td>` +
    `<td class="col-id mono">${escapeHtml(item.itemId ?? '')}</td>` +
    `<td class="${item.depth ? `col-item nested depth-${item.depth}` : 'col-item'}">${itemCellHtml(item, base)}</td>` +
    `<td class="col-section muted">${escapeHtml(item.section ?? '')}</td>` +
    (shapes ? `<td class="col-move">${move.formHtml(item)}</td>` : '');
  const cells = htmlOnce(`items|${data.rowsStamp}|${shapes}|${contribute}|${csrf}|${base}`, () => rows.map(rowCells));
  // "Add item" closes each section the table shows whole: not in a view filtered by status, category or text.
  const whole = !filters.status && !filters.prefix && !filters.q;
  const addRows = whole
    ? sectionEnds(rows, filters.page === data.pages, filters.section ?? null, data.choices)
    : new Map<string, SectionChoice>();
  const columns = shapes ? 6 : 4;
  const firstShown = data.total === 0 ? 0 : (filters.page - 1) * data.pageSize + 1;
  const lastShown = Math.min(filters.page * data.pageSize, data.total);
  const pastEnd = data.total > 0 && filters.page > data.pages;
  // The rows' titles are plain links followed in the app by this one handler: a <Link> per row resolved its
  // address through the router on every render (decision 047). Routes are not discovered lazily (decision 056),
  // so the links carry no `data-discover` (decision 060).
  const openItem = (e: MouseEvent<HTMLTableElement>) => {
    const link = (e.target as Element).closest('a.item-title');
    if (!link || e.defaultPrevented || e.button !== 0 || e.metaKey || e.altKey || e.ctrlKey || e.shiftKey) return;
    e.preventDefault();
    navigate(link.getAttribute('href')!);
  };

  return (
    <div className="items-page">
      {actionData && !actionData.ok ? (
        <p className="banner banner-error" role="alert" data-testid="conflict-banner">
          {actionData.message}
        </p>
      ) : null}
      <ItemFilters filters={filters} menus={data} clearTo={`${base}/items`} />

      <StructureBanner />
      <PlanStructureTools action={action} choices={data.choices} section={filters.section} />

      <p className="result-count muted" aria-live="polite" data-testid="result-count">
        {data.total === 0
          ? 'No items match.'
          : pastEnd
            ? `There is no page ${filters.page.toLocaleString('en')}: the last page is ${data.pages.toLocaleString('en')}.`
            : `${firstShown.toLocaleString('en')}–${lastShown.toLocaleString('en')} of ${plural(data.total, 'item')}`}
      </p>

      <div className={`table-wrap${loading ? ' is-loading' : ''}`}>
        <table
          className="items"
          data-testid="items"
          onClick={openItem}
          onSubmit={(e) => {
            status.onSubmit(e);
            move.onSubmit(e);
          }}
          onInput={status.onInput}
          onFocus={keepFocus}
        >
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
          <SelectionKeptBody>
            {rows.flatMap((item, i) => [
              <tr
                key={item.key}
                data-key={item.key}
                data-status={item.status}
                data-pending={item.pending}
                aria-busy={item.pending ? true : undefined}
                dangerouslySetInnerHTML={{ __html: cells[i] }}
              />,
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
          </SelectionKeptBody>
        </table>
      </div>

      <BulkBar action={action} choices={data.choices} />
      {status.answers}

      {data.pages > 1 || pastEnd ? <Pager page={filters.page} pages={data.pages} search={location.search} /> : null}
    </div>
  );
}

/** A row's item cell: the title as a plain link (followed in the app by the table's click handler), nesting,
 * the optional badge and the start of the description. */
function itemCellHtml(
  item: { key: string; title: string; description: string; optional: boolean; depth?: number; parent?: string | null },
  base: string,
): string {
  return (
    (item.parent ? `<div class="item-parent muted">under ${escapeHtml(item.parent)}</div>` : '') +
    `<a href="${escapeHtml(`${base}/items/${encodeURIComponent(item.key)}`)}" class="item-title">` +
    `${item.depth ? '<span aria-hidden="true">↳ </span>' : ''}${escapeHtml(item.title)}</a>` +
    (item.optional ? '<span class="badge badge-optional">optional</span>' : '') +
    (item.description ? `<div class="item-desc">${escapeHtml(item.description)}</div>` : '')
  );
}

/** The table's body, whose rows' cells are one string of HTML each (decision 060): a row written again gets a new
 * selection box, so the boxes checked before an update are checked again after it, as a React element's stayed. */
class SelectionKeptBody extends Component<{ children: ReactNode }> {
  body = createRef<HTMLTableSectionElement>();
  getSnapshotBeforeUpdate(): Set<string> {
    const checked = this.body.current?.querySelectorAll<HTMLInputElement>('input[name="keys"]:checked') ?? [];
    return new Set(Array.from(checked, (box) => box.value));
  }
  componentDidUpdate(_props: unknown, _state: unknown, checked: Set<string>) {
    if (!checked.size) return;
    for (const box of this.body.current?.querySelectorAll<HTMLInputElement>('input[name="keys"]') ?? []) {
      if (checked.has(box.value)) box.checked = true;
    }
  }
  render() {
    return <tbody ref={this.body}>{this.props.children}</tbody>;
  }
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
