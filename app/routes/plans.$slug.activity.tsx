// A plan's activity feed: every change with who made it, when, from where and what changed, newest first.
import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { ActivityFeed, ACTIVITY_PAGE_SIZE } from '../components/ActivityFeed';
import { activityPage } from '../lib/activity.server';
import { requirePlan } from '../lib/plan.server';

export const meta: MetaFunction = () => [{ title: 'Activity · Tickmark' }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const plan = await requirePlan(context, params.slug);
  return json(await activityPage(context, request, plan.id));
}

export default function PlanActivity() {
  const { entries, page, more } = useLoaderData<typeof loader>();
  return (
    <section className="card" aria-labelledby="activity-h">
      <h2 id="activity-h">Activity</h2>
      <p className="muted small">
        Who changed what, newest first ({ACTIVITY_PAGE_SIZE} a page). File edits carry no name: the file does not say
        who saved it.
      </p>
      <ActivityFeed entries={entries} page={page} more={more} showPlan={false} />
    </section>
  );
}
