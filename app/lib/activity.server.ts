// The activity feed's page from the URL (`?page=N`), for the plan's Activity tab and the all-plans feed.
import type { AppLoadContext } from '@remix-run/node';
import { database } from './plan.server';
import { listActivity } from './queries.server';
import { ACTIVITY_PAGE_SIZE } from '../components/ActivityFeed';

export async function activityPage(context: AppLoadContext, request: Request, planId?: number) {
  const raw = Number(new URL(request.url).searchParams.get('page') ?? '1');
  const page = Number.isInteger(raw) && raw >= 1 && raw <= 100_000 ? raw : 1;
  const { entries, more } = await database(() =>
    listActivity(context.tickmark.db, {
      planId,
      offset: (page - 1) * ACTIVITY_PAGE_SIZE,
      limit: ACTIVITY_PAGE_SIZE,
    }),
  );
  return { entries, more, page };
}
