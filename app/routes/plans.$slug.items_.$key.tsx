// One item: its text, where it sits in the plan, its status control and every recorded change.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData, useLocation } from '@remix-run/react';
import { useEffect } from 'react';
import { StatusBadge } from '../components/StatusBadge';
import { StatusControl } from '../components/StatusControl';
import { useToast } from '../components/Toast';
import { dateTime, statusLabel } from '../lib/format';
import { requirePlan } from '../lib/plan.server';
import { getItemWithHistory } from '../lib/queries.server';
import { handleSetStatus, type StatusActionData } from '../lib/status-action.server';

export async function loader({ context, params }: LoaderFunctionArgs) {
  const plan = await requirePlan(context, params.slug);
  const found = await getItemWithHistory(context.tickmark.db, plan.id, params.key ?? '');
  if (!found) throw new Response(`No item '${params.key}' in ${plan.slug}.`, { status: 404, statusText: 'Not Found' });
  const { item, events, phase, section } = found;
  return json({
    plan: { slug: plan.slug, path: plan.path },
    item: {
      key: item.key,
      itemId: item.itemId,
      title: item.title,
      description: item.description,
      status: item.status,
      version: item.version,
      optional: item.optional,
      line: item.line,
      doneDate: item.doneDate,
      removed: item.removedAt !== null,
      updatedAt: item.updatedAt.toISOString(),
    },
    phase,
    section,
    events: events.map((e) => ({ ...e, at: e.at.toISOString() })),
  });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const plan = await requirePlan(context, params.slug);
  return handleSetStatus(request, context, plan.slug);
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.item.itemId ?? data?.item.title ?? 'Item'} · Tickmark` },
];

export default function ItemPage() {
  const { plan, item, phase, section, events } = useLoaderData<typeof loader>();
  const actionData = useActionData() as StatusActionData | undefined;
  const notify = useToast();
  const location = useLocation();
  useEffect(() => {
    if (actionData && !actionData.ok) notify('error', actionData.message);
  }, [actionData, notify]);
  const base = `/plans/${encodeURIComponent(plan.slug)}`;
  return (
    <article className="item-page">
      <p className="crumbs">
        <Link to={`${base}/items`}>← All items</Link>
      </p>
      {actionData && !actionData.ok ? (
        <p className="banner banner-error" role="alert">
          {actionData.message}
        </p>
      ) : null}
      <header className="item-head">
        {item.itemId ? <span className="mono item-id">{item.itemId}</span> : null}
        <h2>{item.title}</h2>
        <StatusBadge status={item.removed ? 'removed' : item.status} />
      </header>
      {item.description ? <p className="item-description">{item.description}</p> : null}
      <dl className="facts">
        <div>
          <dt>Phase</dt>
          <dd>{phase ? `${phase.number !== null ? `Phase ${phase.number}: ` : ''}${phase.name}` : '—'}</dd>
        </div>
        <div>
          <dt>Section</dt>
          <dd>
            {section ? (
              <Link to={`${base}/items?section=${encodeURIComponent(section.key)}`}>
                {section.number ? `${section.number} ` : ''}
                {section.title}
              </Link>
            ) : (
              '—'
            )}
          </dd>
        </div>
        <div>
          <dt>Where</dt>
          <dd className="mono">
            {plan.path}:{item.line}
          </dd>
        </div>
        <div>
          <dt>Completed</dt>
          <dd>{item.doneDate ?? '—'}</dd>
        </div>
        {item.optional ? (
          <div>
            <dt>Optional</dt>
            <dd>yes</dd>
          </div>
        ) : null}
      </dl>
      {!item.removed ? (
        <div className="item-status">
          <span className="label">Status</span>
          <StatusControl item={item} action={`${location.pathname}`} />
        </div>
      ) : (
        <p className="banner">This item is no longer in the document; its history is kept.</p>
      )}
      <section aria-labelledby="history-h" className="card">
        <h3 id="history-h">History</h3>
        {events.length === 0 ? (
          <p className="muted">No recorded changes: the item has had this status since it was first imported.</p>
        ) : (
          <table className="history" data-testid="history">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Change</th>
                <th scope="col">Source</th>
                <th scope="col">By</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id}>
                  <td>
                    <time dateTime={e.at}>{dateTime(e.at)}</time>
                  </td>
                  <td>
                    {e.fromStatus === null ? 'Added as ' : `${statusLabel(e.fromStatus)} → `}
                    <strong>{statusLabel(e.toStatus)}</strong>
                  </td>
                  <td>{SOURCE_LABEL[e.source] ?? e.source}</td>
                  <td>{e.actor ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </article>
  );
}

const SOURCE_LABEL: Record<string, string> = {
  markdown: 'File edit',
  ui: 'Dashboard',
  cli: 'Command line',
  log: 'Progress log',
};
