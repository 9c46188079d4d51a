// One item: its text, where it sits in the plan, its status control and every recorded change.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData, useLocation } from '@remix-run/react';
import { useEffect } from 'react';
import { StatusBadge } from '../components/StatusBadge';
import { StatusControl } from '../components/StatusControl';
import { CsrfField } from '../components/CsrfField';
import { useToast } from '../components/Toast';
import { dateTime, sourceLabel, statusLabel } from '../lib/format';
import { requirePlan } from '../lib/plan.server';
import { getItemWithHistory } from '../lib/queries.server';
import { type StatusActionData } from '../lib/status-action.server';
import { STATUSES } from '../../parser/index';
import { handlePlanAction, menuChoices, structureChoices } from '../lib/structure.server';
import { cachedForPlan } from '../lib/cache.server';
import { ItemShapeForms, StructureBanner, useOptimisticRows } from '../components/StructureForms';
import { ItemCoverage, type ItemCoverageData } from '../components/CurriculumForms';
import { handleCurriculum } from '../lib/curriculum.server';
import { usePlanAbilities } from '../lib/abilities';

export async function loader({ context, params }: LoaderFunctionArgs) {
  const plan = await requirePlan(context, params.slug);
  const found = await getItemWithHistory(context.tickmark.db, plan.id, params.key ?? '');
  if (!found) throw new Response(`No item '${params.key}' in ${plan.slug}.`, { status: 404, statusText: 'Not Found' });
  const { item, events, phase, section } = found;
  const choices = await cachedForPlan(context, plan.id, 'structure-choices', () =>
    structureChoices(context.tickmark.db, plan.id),
  );
  const coverage = await context.tickmark.coverage(plan.slug);
  const id = item.itemId ?? item.key;
  const mine = coverage?.items.find((i) => i.id === id);
  const itemCoverage: ItemCoverageData | null = coverage
    ? {
        id,
        found: mine?.found ?? 'none',
        topics: mine?.topics ?? [],
        choices: coverage.topics.map((t) => ({ file: t.file, line: t.line, topic: t.topic, category: t.category })),
      }
    : null;
  return json({
    itemCoverage: item.removedAt === null ? itemCoverage : null,
    choices: menuChoices(choices, phase?.key),
    place: section ? `section:${section.key}` : phase ? `phase:${phase.key}` : '',
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
  return handleCurriculum(request, context, plan, (r) => handlePlanAction(r, context, plan));
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.item.itemId ?? data?.item.title ?? 'Item'} · Tickmark` },
];

const PENDING_NOTE = { saving: 'saving…', moving: 'moving…', removing: 'removing…' } as const;

export default function ItemPage() {
  const { plan, item, phase, section, events, choices, place, itemCoverage } = useLoaderData<typeof loader>();
  const posted = useActionData() as StatusActionData | { values: unknown } | undefined;
  const actionData = posted && !('values' in posted) ? posted : undefined;
  const notify = useToast();
  const location = useLocation();
  const can = usePlanAbilities();
  useEffect(() => {
    if (actionData && !actionData.ok) notify('error', actionData.message);
  }, [actionData, notify]);
  const base = `/plans/${encodeURIComponent(plan.slug)}`;
  // An edit or remove being sent shows at once; the loader's item again once it is answered (a refusal rolls back).
  const [shown = { ...item, pending: 'removing' as const }] = useOptimisticRows([item]);
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
      <StructureBanner />
      <header className="item-head" data-pending={shown.pending} aria-busy={shown.pending ? true : undefined}>
        {item.itemId ? <span className="mono item-id">{item.itemId}</span> : null}
        <h2>{shown.title}</h2>
        <StatusBadge status={item.removed ? 'removed' : item.status} />
        {shown.pending ? <span className="muted pending-note">{PENDING_NOTE[shown.pending]}</span> : null}
      </header>
      {shown.description ? <p className="item-description">{shown.description}</p> : null}
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
      {!item.removed && can.contribute ? (
        <form method="post" action={location.pathname} className="note-form" data-testid="note-form">
          <input type="hidden" name="intent" value="set-status" />
          <CsrfField />
          <input type="hidden" name="key" value={item.key} />
          <input type="hidden" name="version" value={String(item.version)} />
          <label className="field">
            <span>Change with a note</span>
            <input
              name="note"
              maxLength={500}
              placeholder="What was done, a link, who helped…"
              aria-describedby="note-help"
            />
          </label>
          <label className="field">
            <span>New status</span>
            <select name="status" defaultValue={item.status === 'done' ? 'todo' : 'done'}>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {statusLabel(s)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="button">
            Save
          </button>
          <p id="note-help" className="muted small">
            The note goes into the Notes cell of the progress-log row a completion writes, and into this history and the
            weekly report.
          </p>
        </form>
      ) : null}
      {!item.removed ? <ItemShapeForms action={location.pathname} item={item} choices={choices} place={place} /> : null}
      {itemCoverage ? <ItemCoverage action={location.pathname} coverage={itemCoverage} /> : null}
      <section aria-labelledby="history-h" className="card">
        <h3 id="history-h">History</h3>
        {events.length === 0 ? (
          <p className="muted">No recorded changes: the item has had this status since it was first imported.</p>
        ) : (
          <div className="table-wrap">
            <table className="history" data-testid="history">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Change</th>
                  <th scope="col">Source</th>
                  <th scope="col">By</th>
                  <th scope="col">Note</th>
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
                    <td>{sourceLabel(e.source)}</td>
                    <td>{e.actor ?? '—'}</td>
                    <td>{e.note ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </article>
  );
}
