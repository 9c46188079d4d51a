// The items page's filters (text, status, category, phase, section): a GET form, so the filters live in the URL
// and work without JavaScript (Apply); with it, a menu applies at once and the text after a pause in typing.
import { Form, Link, useLocation, useNavigation, useSubmit } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import { STATUSES, STATUS_INFO } from '../../parser/index';

export interface ItemFilterValues {
  q?: string;
  status?: string;
  prefix?: string;
  phase?: string;
  section?: string;
}

export interface ItemFilterMenus {
  prefixes: { prefix: string; n: number }[];
  phases: { key: string; number: number | null; name: string }[];
  sections: { key: string; number: string | null; title: string }[];
  /** The plan has too many sections to list before a phase is chosen. */
  sectionsNeedPhase: boolean;
}

/** How long the text filter waits after the last key before it applies. */
const TYPING_PAUSE_MS = 250;

export function ItemFilters({
  filters,
  menus,
  clearTo,
}: {
  filters: ItemFilterValues;
  menus: ItemFilterMenus;
  clearTo: string;
}) {
  const location = useLocation();
  const navigation = useNavigation();
  const submit = useSubmit();
  const formRef = useRef<HTMLFormElement>(null);
  const textTimer = useRef<ReturnType<typeof setTimeout>>();
  const searchRef = useRef<HTMLInputElement>(null);
  // Keep the search box in step with the URL (Clear, back/forward) unless the user is typing in it.
  useEffect(() => {
    const input = searchRef.current;
    if (input && document.activeElement !== input) input.value = filters.q ?? '';
  }, [filters.q]);

  const apply = (replace: boolean) => {
    if (!formRef.current) return;
    const fd = new FormData(formRef.current);
    for (const [k, v] of [...fd.entries()]) if (v === '') fd.delete(k);
    fd.delete('page');
    submit(fd, { method: 'get', replace, preventScrollReset: true });
  };
  // Selects are controlled: they show the filter being loaded at once, and the URL's once it is there.
  const pending =
    navigation.location?.pathname === location.pathname ? new URLSearchParams(navigation.location.search) : null;
  const current = (name: 'status' | 'prefix' | 'phase' | 'section') =>
    pending ? (pending.get(name) ?? '') : (filters[name] ?? '');

  return (
    <Form method="get" ref={formRef} className="filters" role="search" aria-label="Filter items" preventScrollReset>
      <div className="field">
        <label htmlFor="filter-q">Search</label>
        <input
          id="filter-q"
          type="search"
          name="q"
          ref={searchRef}
          defaultValue={filters.q ?? ''}
          placeholder="Title, description or ID"
          onChange={() => {
            clearTimeout(textTimer.current);
            textTimer.current = setTimeout(() => apply(true), TYPING_PAUSE_MS);
          }}
        />
      </div>
      <div className="field">
        <label htmlFor="filter-status">Status</label>
        <select id="filter-status" name="status" value={current('status')} onChange={() => apply(false)}>
          <option value="">Any</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_INFO[s].label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-prefix">Category</label>
        <select id="filter-prefix" name="prefix" value={current('prefix')} onChange={() => apply(false)}>
          <option value="">Any</option>
          {menus.prefixes.map((p) => (
            <option key={p.prefix} value={p.prefix}>
              {p.prefix} ({p.n})
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-phase">Phase</label>
        <select id="filter-phase" name="phase" value={current('phase')} onChange={() => apply(false)}>
          <option value="">Any</option>
          {menus.phases.map((p) => (
            <option key={p.key} value={p.key}>
              {p.number !== null ? `Phase ${p.number}: ` : ''}
              {p.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-section">Section</label>
        <select id="filter-section" name="section" value={current('section')} onChange={() => apply(false)}>
          <option value="">{menus.sectionsNeedPhase ? 'Any (choose a phase to list sections)' : 'Any'}</option>
          {menus.sections.map((s) => (
            <option key={s.key} value={s.key}>
              {s.number ? `${s.number} ` : ''}
              {s.title}
            </option>
          ))}
        </select>
      </div>
      <div className="filter-buttons">
        <button type="submit" className="button nojs-only">
          Apply
        </button>
        <Link to={clearTo} className="button button-quiet" reloadDocument={false}>
          Clear
        </Link>
      </div>
    </Form>
  );
}
