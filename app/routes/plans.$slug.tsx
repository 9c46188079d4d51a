// A plan's frame: title, file, tabs, live-update status. Overview and items render inside.
import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, NavLink, Outlet, useLoaderData } from '@remix-run/react';
import { ToastProvider } from '../components/Toast';
import { useLiveUpdates } from '../lib/live';
import { requirePlan } from '../lib/plan.server';

export async function loader({ context, params }: LoaderFunctionArgs) {
  const plan = await requirePlan(context, params.slug);
  return json({ plan: { slug: plan.slug, title: plan.title, path: plan.path, error: plan.error } });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.plan.title ?? 'Plan'} · Tickmark` }];

export default function PlanLayout() {
  const { plan } = useLoaderData<typeof loader>();
  const base = `/plans/${encodeURIComponent(plan.slug)}`;
  const live = useLiveUpdates(`${base}/events`);
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
          <span className={`live live-${live.state}`} data-testid="live-state" title="Updates from the file and other users appear here without reloading">
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
        </nav>
        <Outlet />
      </div>
    </ToastProvider>
  );
}
