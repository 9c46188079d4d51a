// The activity feed (who did what, newest first) of one plan or all plans: routes/plans.$slug.activity.tsx and
// routes/activity.tsx. Paged by `?page=N` in the URL.
import { Link } from '@remix-run/react';
import type { ActivityEntry } from '../../db/queries/activity';
import { dateTime, sourceLabel, statusLabel } from '../lib/format';

/** Entries a page (the loader reads this many; the page says so). */
export const ACTIVITY_PAGE_SIZE = 50;

export function ActivityFeed({
  entries,
  page,
  more,
  showPlan,
}: {
  entries: ActivityEntry[];
  page: number;
  more: boolean;
  /** All plans' feed: name the plan of each entry. */
  showPlan: boolean;
}) {
  if (entries.length === 0)
    return (
      <p className="muted" data-testid="activity-empty">
        {page > 1 ? (
          // Past the oldest page (an old link, a typed URL): a way back, as the pager gives none here.
          <>
            No older changes. <Link to="?">← Newest</Link>
          </>
        ) : (
          'No recorded changes yet.'
        )}
      </p>
    );
  return (
    <>
      <div className="table-wrap">
        <table className="history activity" data-testid="activity">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">By</th>
              <th scope="col">Source</th>
              {showPlan ? <th scope="col">Plan</th> : null}
              <th scope="col">What changed</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e, i) => (
              <tr key={`${e.slug}:${e.at}:${i}`}>
                <td>
                  <time dateTime={e.at}>{dateTime(e.at)}</time>
                </td>
                <td className="activity-actor">{e.actor ?? '—'}</td>
                <td>{sourceLabel(e.source)}</td>
                {showPlan ? (
                  <td>
                    <Link to={`/plans/${encodeURIComponent(e.slug)}/activity`}>{e.planTitle ?? e.slug}</Link>
                  </td>
                ) : null}
                <td>
                  <What entry={e} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav className="pager" aria-label="Pages">
        {page > 1 ? (
          <Link to={page === 2 ? '?' : `?page=${page - 1}`} rel="prev" className="button button-quiet">
            ← Newer
          </Link>
        ) : (
          <span className="button button-quiet" aria-disabled="true">
            ← Newer
          </span>
        )}
        <span className="muted">Page {page}</span>
        {more ? (
          <Link to={`?page=${page + 1}`} rel="next" className="button button-quiet">
            Older →
          </Link>
        ) : (
          <span className="button button-quiet" aria-disabled="true">
            Older →
          </span>
        )}
      </nav>
    </>
  );
}

function What({ entry: e }: { entry: ActivityEntry }) {
  if (e.summary !== null)
    return (
      <>
        {e.summary}
        {e.undone ? <span className="badge badge-optional">undone</span> : null}
      </>
    );
  if (e.undid !== null) return <>Undid “{e.undid}”</>;
  const rest = e.count - e.items.length;
  return (
    <>
      <ul className="activity-items">
        {e.items.map((i) => (
          <li key={i.key}>
            <Link to={`/plans/${encodeURIComponent(e.slug)}/items/${encodeURIComponent(i.key)}`} className="mono">
              {i.id}
            </Link>{' '}
            {i.from === null ? 'added as ' : `${statusLabel(i.from)} → `}
            <strong>{statusLabel(i.to)}</strong>
            {i.note ? <span className="muted"> — “{i.note}”</span> : null}
          </li>
        ))}
        {rest > 0 ? <li className="muted">…and {rest.toLocaleString('en')} more</li> : null}
      </ul>
    </>
  );
}
