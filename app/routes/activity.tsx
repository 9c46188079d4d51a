// Every plan's activity in one feed, newest first (each plan's own is its Activity tab).
import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { ActivityFeed } from '../components/ActivityFeed';
import { activityPage } from '../lib/activity.server';
import { useLiveUpdates } from '../lib/live';

export const meta: MetaFunction = () => [{ title: 'Activity: all plans · Tickmark' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  return json(await activityPage(context, request));
}

export default function AllActivity() {
  const { entries, page, more } = useLoaderData<typeof loader>();
  useLiveUpdates('/events');
  return (
    <div className="page">
      <nav aria-label="Breadcrumb" className="crumbs">
        <Link to="/">Plans</Link>
        <span aria-hidden="true"> / </span>
        <span>Activity</span>
      </nav>
      <div className="page-head">
        <h1>Activity: all plans</h1>
        <p className="muted">Who changed what, newest first.</p>
      </div>
      <ActivityFeed entries={entries} page={page} more={more} showPlan />
    </div>
  );
}
