// Markup the server would write again and again from the same data: the items page's rows for one state of the
// plan (decision 060). Built once per key and kept, on the server only; the browser builds it when it changes.
// The key must name everything the markup depends on (the loader's stamp for its data, the viewer's role, …).

const KEPT = 32;
const kept = new Map<string, unknown>();

/** `render()`, or on the server what it gave for the same key before (the last KEPT keys are kept). */
export function renderedOnce<T>(key: string, render: () => T): T {
  if (typeof document !== 'undefined') return render();
  const known = kept.get(key) as T | undefined;
  if (known !== undefined) return known;
  const made = render();
  kept.set(key, made);
  if (kept.size > KEPT) kept.delete(kept.keys().next().value!);
  return made;
}
