// Invariants every parsed model must satisfy: each span points at the text the field claims.
// Returns a list of violations (empty when the model is sound), so callers can show them all at once.
import type { PlanModel, Span } from '../../parser';

export function offsetViolations(source: string, model: PlanModel): string[] {
  const bad: string[] = [];
  const at = (s: Span) => source.slice(s.start, s.end);
  const inside = (inner: Span, outer: Span) => inner.start >= outer.start && inner.end <= outer.end;
  const check = (ok: boolean, what: string) => {
    if (!ok) bad.push(what);
  };
  // Lines end at \n, \r\n or a lone \r (CommonMark).
  const lineCol = (offset: number) => {
    const before = source.slice(0, offset);
    const breaks = [...before.matchAll(/\r\n|\r(?!\n)|\n/g)];
    const last = breaks[breaks.length - 1];
    const lineStart = last ? last.index! + last[0].length : 0;
    // A \r right before offset followed by \n at offset is not a break yet.
    return { line: breaks.length + 1, column: offset - lineStart + 1 };
  };
  const keys = new Set<string>();
  for (const item of model.items) {
    const where = `item ${item.key}`;
    check(!keys.has(item.key), `${where}: duplicate key`);
    keys.add(item.key);
    check(
      at(item.statusSpan) === item.marker,
      `${where}: statusSpan reads ${JSON.stringify(at(item.statusSpan))}, not ${JSON.stringify(item.marker)}`,
    );
    // A task-table row spelled in words (`✅ DONE`) has its whole status text as its status span.
    if (item.cell?.kind !== 'word')
      check(
        source[item.statusSpan.start - 1] === '[' && source[item.statusSpan.end] === ']',
        `${where}: status is not between brackets`,
      );
    if (item.cell)
      check(
        !at(item.statusSpan).includes('|') && !at(item.textSpan).replace(/\\\|/g, '').includes('|'),
        `${where}: status or title crosses a cell`,
      );
    check(
      inside(item.statusSpan, item.lineSpan) && inside(item.textSpan, item.lineSpan),
      `${where}: spans outside its line`,
    );
    check(!/[\r\n]/.test(at(item.lineSpan)), `${where}: lineSpan crosses a line ending`);
    check(
      at(item.textSpan).length > 0 && at(item.textSpan) === at(item.textSpan).trim(),
      `${where}: textSpan empty or untrimmed`,
    );
    check(
      at(item.lineSpan).trimStart().startsWith(item.bullet),
      `${where}: line does not start with bullet ${item.bullet}`,
    );
    if (item.id && /^[A-Z]/.test(item.id))
      check(at(item.cell ? item.lineSpan : item.textSpan).includes(item.id), `${where}: text does not hold its id`);
    for (const m of item.markers) check(at(item.textSpan).includes(m), `${where}: marker ${m} not in text`);
    if (item.check)
      check(
        at(item.check.span) === item.check.text && item.check.span.end === item.textSpan.end,
        `${where}: check span wrong`,
      );
    const lc = lineCol(item.lineSpan.start + (at(item.lineSpan).length - at(item.lineSpan).trimStart().length));
    check(item.line === lc.line, `${where}: line ${item.line} ≠ ${lc.line}`);
    if (item.parentKey !== null) check(keys.has(item.parentKey), `${where}: parent ${item.parentKey} not before it`);
  }
  for (const p of model.phases) {
    check(
      at(p.heading)
        .replace(/\*\*|__/g, '')
        .includes(p.name.slice(0, 10)) || p.name === '',
      `phase ${p.key}: heading text`,
    );
    if (p.statedCountSpan) check(at(p.statedCountSpan) === String(p.statedCount), `phase ${p.key}: stated count span`);
    check(p.line === lineCol(p.heading.start).line, `phase ${p.key}: line`);
  }
  for (const s of model.sections) {
    if (s.number) check(at(s.heading).includes(s.number), `section ${s.key}: number not in heading`);
    check(s.line === lineCol(s.heading.start).line, `section ${s.key}: line`);
  }
  for (const f of model.facts) check(at(f.span) === f.value, `fact ${f.key}: span`);
  if (model.lastUpdated) check(at(model.lastUpdated.span) === model.lastUpdated.raw, 'lastUpdated span');
  if (model.progress) check(at(model.progress.span) === model.progress.raw, 'progress span');
  if (model.summary) {
    const t = model.summary;
    for (const row of t.rows) {
      check(inside(row.span, t.span) || row.span.start >= t.span.start, `summary row ${row.label}: outside table`);
      for (const c of row.cells) {
        check(inside(c, row.span), `summary row ${row.label}: cell outside row`);
        check(
          at(c) === at(c).trim() && !at(c).includes('|'),
          `summary row ${row.label}: cell ${JSON.stringify(at(c))}`,
        );
      }
      const label = row.cells[0]
        ? at(row.cells[0])
            .replace(/\*\*|__/g, '')
            .trim()
        : '';
      check(label === row.label, `summary row label ${row.label} vs cell ${label}`);
      for (const col of ['total', 'completed', 'inProgress', 'remaining'] as const) {
        const i = t.columns[col];
        const stated = row.stated[col];
        if (stated !== null) check(at(row.cells[i]).includes(String(stated)), `summary row ${row.label}: ${col} cell`);
      }
    }
  }
  for (const week of model.log?.weeks ?? []) {
    check(at(week.heading).includes(week.title), `week ${week.title}: heading`);
    for (const row of week.rows) {
      for (const c of row.cells) check(inside(c, row.span) && at(c) === at(c).trim(), `log row ${row.line}: cell`);
      check(
        [row.dateRaw, row.itemsRaw, row.notes].every((t) => t === '' || row.cells.some((c) => at(c) === t)),
        `log row ${row.line}: raw texts`,
      );
    }
  }
  for (const d of model.diagnostics) {
    if (d.span) {
      const lc = lineCol(d.span.start);
      check(d.line === lc.line && d.column === lc.column, `diagnostic ${d.code}: position`);
      check(d.span.start <= d.span.end && d.span.end <= source.length, `diagnostic ${d.code}: span`);
    }
    check(d.code !== 'internal-error', `internal error: ${d.message}`);
  }
  return bad;
}
