// Every tracked plan with its progress, counts, last change and a flag when it has problems.
import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { listPlans } from '../lib/queries.server';
import { cachedForPlan } from '../lib/cache.server';
import { database } from '../lib/plan.server';
import { ProgressBar } from '../components/ProgressBar';
import { plural, relativeTime, dateTime } from '../lib/format';
import { useLiveUpdates } from '../lib/live';

export const meta: MetaFunction = () => [{ title: 'Plans · Tickmark' }];

export async function loader({ context }: LoaderFunctionArgs) {
  const plans = await database(() => cachedForPlan(context, 0, 'index', () => listPlans(context.tickmark.db)));
  return json({ plans, now: Date.now() });
}

export default function PlansIndex() {
  const { plans, now } = useLoaderData<typeof loader>();
  useLiveUpdates('/events');
  return (
    <div className="page">
      <div className="page-head">
        <h1>Plans</h1>
        <p className="muted">{plural(plans.length, 'plan')} tracked from the plans folder.</p>
      </div>
      {plans.length === 0 ? (
        <div className="empty">
          <p>No plans yet. Put markdown plans in the plans folder (PLANS_DIR) and they appear here.</p>
        </div>
      ) : (
        <ul className="plan-list">
          {plans.map((p) => {
            const last = p.lastEventAt && p.lastEventAt > p.updatedAt ? p.lastEventAt : p.updatedAt;
            const problems = p.error ? 1 : p.errorCount;
            return (
              <li key={p.id} className="plan-card">
                <div className="plan-card-head">
                  <h2>
                    <Link to={`/plans/${encodeURIComponent(p.slug)}`}>{p.title ?? p.slug}</Link>
                  </h2>
                  {problems > 0 ? (
                    <span className="flag flag-error" title={p.error ?? undefined}>
                      {p.error ? 'Sync error' : plural(p.errorCount, 'error')}
                    </span>
                  ) : p.warningCount > 0 ? (
                    <span className="flag flag-warning">{plural(p.warningCount, 'warning')}</span>
                  ) : null}
                </div>
                <p className="plan-path mono">{p.path}</p>
                {p.error ? <p className="error-text">{p.error}</p> : null}
                <p className="plan-progress">
                  <strong>{p.counts.percent}%</strong>
                  <span className="muted">
                    {' '}
                    · {p.counts.done.toLocaleString('en')} of {(p.counts.total - p.counts.cancelled).toLocaleString('en')} done
                  </span>
                </p>
                <ProgressBar counts={p.counts} label={`${p.title ?? p.slug} progress`} />
                <dl className="counts">
                  <div>
                    <dt>In progress</dt>
                    <dd>{p.counts.inProgress.toLocaleString('en')}</dd>
                  </div>
                  <div>
                    <dt>Remaining</dt>
                    <dd>{p.counts.remaining.toLocaleString('en')}</dd>
                  </div>
                  <div>
                    <dt>Updated</dt>
                    <dd>
                      <time dateTime={last} title={dateTime(last)}>
                        {relativeTime(last, now)}
                      </time>
                    </dd>
                  </div>
                </dl>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
