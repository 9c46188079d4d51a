// Every tracked plan with its progress, counts, last change and a flag when it has problems.
import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { listPlans, listSources } from '../lib/queries.server';
import { cachedForPlan } from '../lib/cache.server';
import { database } from '../lib/plan.server';
import { ProgressBar } from '../components/ProgressBar';
import { plural, relativeTime, dateTime } from '../lib/format';
import { useLiveUpdates } from '../lib/live';

export const meta: MetaFunction = () => [{ title: 'Plans · Tickmark' }];

export async function loader({ context }: LoaderFunctionArgs) {
  const plans = await database(() => cachedForPlan(context, 0, 'index', () => listPlans(context.tickmark.db)));
  const sources = await listSources(context.tickmark.db);
  const failures = context.tickmark.importFailures().map((f) => ({
    ...f,
    file: relativeTo(context.tickmark.plansDir, f.file),
  }));
  return json({ plans, sources, failures, now: Date.now() });
}

function relativeTo(dir: string, file: string): string {
  return file.startsWith(`${dir}/`) ? file.slice(dir.length + 1) : file;
}

export default function PlansIndex() {
  const { plans, sources, failures, now } = useLoaderData<typeof loader>();
  useLiveUpdates('/events');
  return (
    <div className="page">
      <div className="page-head">
        <h1>Plans</h1>
        <p className="muted">
          {plural(plans.length, 'plan')} tracked from the plans folder.{' '}
          {plans.length > 0 ? (
            <>
              <Link to="/reports">Weekly report across all plans</Link> ·{' '}
              <Link to="/activity">Activity across all plans</Link>
            </>
          ) : null}
        </p>
      </div>
      {failures.length > 0 ? (
        <ul className="plan-list import-failures">
          {failures.map((f) => (
            <li key={f.file} className="plan-card">
              <div className="plan-card-head">
                <h2 className="mono">{f.file}</h2>
                <span className="flag flag-error">Not imported</span>
              </div>
              <p className="error-text">{f.reason}</p>
              <p className="muted">{f.todo}</p>
            </li>
          ))}
        </ul>
      ) : null}
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
                    · {p.counts.done.toLocaleString('en')} of{' '}
                    {(p.counts.total - p.counts.cancelled).toLocaleString('en')} done
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
                  {/* The plan's own Last Updated when it states one; else when something last changed in it. */}
                  <div>
                    <dt>{p.lastUpdated ? 'Last updated' : 'Changed'}</dt>
                    <dd data-testid="card-updated">
                      {p.lastUpdated ? (
                        <time dateTime={p.lastUpdated} title={`Changed ${dateTime(last)}`}>
                          {p.lastUpdated}
                        </time>
                      ) : (
                        <time dateTime={last} title={dateTime(last)}>
                          {relativeTime(last, now)}
                        </time>
                      )}
                    </dd>
                  </div>
                </dl>
              </li>
            );
          })}
        </ul>
      )}
      {sources.length ? <SourceList sources={sources} /> : null}
    </div>
  );
}

/** Gap analyses in the plans folder: source documents for plans (see a plan's Curriculum tab), not plans. */
function SourceList({ sources }: { sources: ReturnType<typeof useLoaderData<typeof loader>>['sources'] }) {
  return (
    <section className="sources" aria-labelledby="sources-h">
      <h2 id="sources-h">Sources</h2>
      <p className="muted">
        Gap analyses read as topic lists; each plan's Curriculum tab shows what it covers.{' '}
        <Link to="/sources">Generate a plan from sources</Link>
      </p>
      <ul className="source-list" data-testid="source-list">
        {sources.map((s) => (
          <li key={s.id} className="card">
            <strong>{s.title ?? s.path}</strong>
            <span className="plan-path mono">{s.path}</span>
            <span>
              {plural(s.topics, 'topic')}
              {s.errorCount ? ` · ${plural(s.errorCount, 'error')}` : ''}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
