// Previous / next links between pages of a list, keeping the rest of the URL's query (its filters).
import { Link } from '@remix-run/react';

/** `?…&page=N` for page N of the list at `search` (page 1 drops the parameter). */
function pageSearch(search: string, n: number): string {
  const sp = new URLSearchParams(search);
  if (n === 1) sp.delete('page');
  else sp.set('page', String(n));
  const s = sp.toString();
  return s ? `?${s}` : '?';
}

export function Pager({ page, pages, search }: { page: number; pages: number; search: string }) {
  return (
    <nav className="pager" aria-label="Pages">
      {page > 1 ? (
        // From a page past the end (an old link, a typed URL), back to the last one.
        <Link to={pageSearch(search, Math.min(page - 1, pages))} rel="prev" className="button button-quiet">
          ← Previous
        </Link>
      ) : (
        <span className="button button-quiet" aria-disabled="true">
          ← Previous
        </span>
      )}
      <span className="muted">
        Page {page} of {pages}
      </span>
      {page < pages ? (
        <Link to={pageSearch(search, page + 1)} rel="next" className="button button-quiet">
          Next →
        </Link>
      ) : (
        <span className="button button-quiet" aria-disabled="true">
          Next →
        </span>
      )}
    </nav>
  );
}
