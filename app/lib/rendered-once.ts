// Markup the server would write again and again from the same data: the items page's rows for one state of the
// plan (decision 060). Built once per key and kept, on the server only; the browser builds it when it changes.
// The key must name everything the markup depends on (the loader's stamp for its data, the viewer's role, …).
//
// On the server React is given a short placeholder for each piece, and the response puts the piece's bytes,
// encoded once, in its place (decision 062). The rows were four fifths of a 190,000-character page: React's
// string of them, and encoding that string anew for every request, cost about a third of the page's CPU. React
// does not compare `dangerouslySetInnerHTML` when it hydrates, so the browser's own render of the rows agrees.

const KEPT = 32;
const kept = new Map<string, { html: string[]; ids: number[] }>();
/** Each kept piece's bytes by its number, for the response (pageBytes). */
const pieces = new Map<number, Buffer>();
let lastId = 0;
// Data can never write it: the page escapes `<` in every text and in the loader data's JSON. The random part
// keeps that true should a page ever write raw markup.
const PLACEHOLDER = `<!--tickmark-piece:${Math.random().toString(36).slice(2)}:`;
const PLACEHOLDER_END = '-->';

/** `render()`'s pieces of HTML; on the server the placeholders of what it gave for the same key before (the
 * pieces of the last KEPT keys are kept). */
export function htmlOnce(key: string, render: () => string[]): string[] {
  if (typeof document !== 'undefined') return render();
  const known = kept.get(key);
  if (known) return known.html;
  const ids = render().map((html) => {
    pieces.set(++lastId, Buffer.from(html));
    return lastId;
  });
  const made = { html: ids.map((id) => `${PLACEHOLDER}${id}${PLACEHOLDER_END}`), ids };
  kept.set(key, made);
  if (kept.size > KEPT) {
    const oldest = kept.keys().next().value!;
    for (const id of kept.get(oldest)!.ids) pieces.delete(id);
    kept.delete(oldest);
  }
  return made.html;
}

/** A page's bytes, each placeholder replaced by its piece. Called right after the render, in the same turn,
 * so no piece it names has been forgotten. */
export function pageBytes(html: string): Buffer<ArrayBuffer> {
  const parts: Buffer[] = [];
  let from = 0;
  for (let at = html.indexOf(PLACEHOLDER); at !== -1; at = html.indexOf(PLACEHOLDER, from)) {
    const end = html.indexOf(PLACEHOLDER_END, at);
    const piece = pieces.get(Number(html.slice(at + PLACEHOLDER.length, end)));
    if (!piece) throw new Error('a page names a piece of HTML that is no longer kept');
    parts.push(Buffer.from(html.slice(from, at)), piece);
    from = end + PLACEHOLDER_END.length;
  }
  if (!from) return Buffer.from(html);
  parts.push(Buffer.from(html.slice(from)));
  return Buffer.concat(parts);
}
