// All items of a plan: filters (phase, section, status, ID prefix, text) live in the URL, filtering and
// paging happen in SQL (app/lib/items-page.server.ts), and each row's status changes in place (see StatusControl).
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData, useLocation, useNavigation } from '@remix-run/react';
import { useEffect } from 'react';
import { StatusControl } from '../components/StatusControl';
import { useToast } from '../components/Toast';
import { ItemFilters } from '../components/ItemFilters';
import { Pager } from '../components/Pager';
import { plural } from '../lib/format';
import { requirePlan } from '../lib/plan.server';
import { loadItemsPage } from '../lib/items-page.server';
import { type StatusActionData } from '../lib/status-action.server';
import { handlePlanAction } from '../lib/structure.server';
import { BulkBar, MoveButtons, PlanStructureTools, SelectBox, StructureBanner } from '../components/StructureForms';
import { usePlanAbilities } from '../lib/abilities';

export const meta: MetaFunction = () => [{ title: 'Items · Tickmark' }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const plan = await requirePlan(context, params.slug);
  return json(await loadItemsPage(context, plan, new URL(request.url)));
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
  const notify = useToast();
  // Selection and ↑/↓ columns only for a lead (the forms themselves hide for everyone else).
  const shapes = usePlanAbilities().lead;
  const base = `/plans/${encodeURIComponent(data.plan.slug)}`;
  const action = `${base}/items${location.search}`;
  const loading = navigation.state === 'loading' && navigation.location?.pathname === location.pathname;

  // A plain-form conflict (no JavaScript when posted) comes back as action data.
  useEffect(() => {
    if (actionData && !actionData.ok) notify('error', actionData.message);
  }, [actionData, notify]);

  const firstShown = data.total === 0 ? 0 : (filters.page - 1) * data.pageSize + 1;
  const lastShown = Math.min(filters.page * data.pageSize, data.total);

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
            {data.items.map((item) => (
              <tr key={item.key} data-key={item.key} data-status={item.status}>
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
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <BulkBar action={action} choices={data.choices} />

      {data.pages > 1 ? <Pager page={filters.page} pages={data.pages} search={location.search} /> : null}
    </div>
  );
}
