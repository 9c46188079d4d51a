// A plan's frame: title, file, tabs, live-update status. Overview and items render inside.
import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, NavLink, Outlet, useFetcher, useLoaderData } from '@remix-run/react';
import { ToastProvider } from '../components/Toast';
import { CsrfField } from '../components/CsrfField';
import { useLiveUpdates } from '../lib/live';
import { requirePlan } from '../lib/plan.server';
import { cachedForPlan } from '../lib/cache.server';
import { abilitiesOf } from '../lib/auth.server';
import { sourceLabel } from '../lib/format';

export async function loader({ context, params }: LoaderFunctionArgs) {
  const plan = await requirePlan(context, params.slug);
  // The last change only moves with the plan: memoized per plan (decision 040).
  const [lastChange, can] = await Promise.all([
    cachedForPlan(context, plan.id, 'last-change', () => context.tickmark.lastChange(plan.slug)),
    abilitiesOf(context, plan.id),
  ]);
  // Undo is offered to those who may make the change it reverts (a tick: a contributor; structure: a lead).
  const mayUndo = lastChange ? (lastChange.role === 'lead' ? can.lead : can.contribute) : false;
  return json({
    plan: { slug: plan.slug, title: plan.title, path: plan.path, error: plan.error },
    lastChange,
    mayUndo,
    can,
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.plan.title ?? 'Plan'} · Tickmark` }];

export default function PlanLayout() {
  const { plan, lastChange, mayUndo, can } = useLoaderData<typeof loader>();
  const base = `/plans/${encodeURIComponent(plan.slug)}`;
  const live = useLiveUpdates(`${base}/events`);
  const undo = useFetcher<{ ok: boolean; message: string }>({ key: 'undo' });
  return (
    <ToastProvider>
      <div className="page">
        <nav aria-label="Breadcrumb" className="crumbs">
          <Link to="/">Plans</Link>
          <span aria-hidden="true"> / </span>
          <span>{plan.slug}</span>
        </nav>
        <div className="plan-head">
          <div>
            <h1>{plan.title ?? plan.slug}</h1>
            <p className="plan-path mono">{plan.path}</p>
          </div>
          <span
            className={`live live-${live.state}`}
            data-testid="live-state"
            title="Updates from the file and other users appear here without reloading"
          >
            <span className="live-dot" aria-hidden="true" />
            {live.state === 'live' ? 'Live' : live.state === 'connecting' ? 'Connecting…' : 'Offline'}
          </span>
        </div>
        {plan.error ? (
          <p className="banner banner-error" role="alert">
            Last sync failed: {plan.error}
          </p>
        ) : null}
        <nav aria-label="Plan" className="tabs">
          <NavLink to={base} end>
            Overview
          </NavLink>
          <NavLink to={`${base}/items`}>Items</NavLink>
          <NavLink to={`${base}/curriculum`}>Curriculum</NavLink>
          <NavLink to={`${base}/reports`}>Reports</NavLink>
          <NavLink to={`${base}/activity`}>Activity</NavLink>
        </nav>
        {can.contribute ? null : (
          <p className="banner read-only-note" data-testid="read-only">
            {can.role
              ? `You are a ${can.role} on this plan: you can read it, not change it.`
              : 'Read-only: sign in to change this plan.'}
          </p>
        )}
        {undo.data ? (
          <p className={`banner ${undo.data.ok ? 'banner-ok' : 'banner-error'}`} role="alert" data-testid="undo-answer">
            {undo.data.message}
          </p>
        ) : null}
        {lastChange && !mayUndo ? (
          <p className="muted small undo-bar" data-testid="last-change">
            Last change: {lastChange.summary} ({lastChange.actor ?? sourceLabel(lastChange.source).toLowerCase()})
          </p>
        ) : null}
        {lastChange && mayUndo ? (
          <undo.Form method="post" action={`${base}/undo`} className="undo-bar">
            <CsrfField />
            <span className="muted small">
              Last change: {lastChange.summary} ({lastChange.actor ? `${lastChange.actor}, ` : ''}
              {sourceLabel(lastChange.source).toLowerCase()})
            </span>
            <button type="submit" className="button" disabled={undo.state !== 'idle'}>
              Undo
            </button>
          </undo.Form>
        ) : null}
        <Outlet />
      </div>
    </ToastProvider>
  );
}
