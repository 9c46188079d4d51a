// The summary counted from the items, with the document's stated numbers beside them where they differ.
import type { PhaseSummary, StatusCounts } from '../../db/queries/index';
import type { StatedRow } from '../lib/stated';

type Column = 'total' | 'completed' | 'inProgress' | 'remaining';

const COLUMNS: { key: Column; label: string; counted: (c: StatusCounts) => number }[] = [
  { key: 'total', label: 'Total items', counted: (c) => c.total },
  { key: 'completed', label: 'Completed', counted: (c) => c.done },
  { key: 'inProgress', label: 'In progress', counted: (c) => c.inProgress },
  { key: 'remaining', label: 'Remaining', counted: (c) => c.remaining },
];

export function SummaryTable({
  phases,
  total,
  stated,
  headingCounts,
}: {
  phases: Pick<PhaseSummary, keyof StatusCounts | 'key' | 'number' | 'name' | 'priority'>[];
  total: StatusCounts;
  stated: StatedRow[];
  headingCounts: Record<string, number>;
}) {
  const statedTotal = stated.find((r) => r.isTotal) ?? null;
  const unmatched = stated.filter(
    (r) => !r.isTotal && (r.phaseKey === null || !phases.some((p) => p.key === r.phaseKey)),
  );
  const drift =
    phases.some((p) =>
      rowDiffers(
        p,
        stated.find((r) => r.phaseKey === p.key),
        headingCounts[p.key],
      ),
    ) ||
    rowDiffers(total, statedTotal ?? undefined, undefined) ||
    unmatched.length > 0;
  return (
    <div className="table-wrap">
      <table className="summary" data-testid="summary">
        <caption>
          Counted from the items
          {drift ? <span className="drift-note"> · the document states other numbers (shown as “doc”)</span> : null}
        </caption>
        <thead>
          <tr>
            <th scope="col">Phase</th>
            {COLUMNS.map((c) => (
              <th scope="col" key={c.key} className="num">
                {c.label}
              </th>
            ))}
            <th scope="col" className="num">
              Done
            </th>
          </tr>
        </thead>
        <tbody>
          {phases.map((p) => {
            const row = stated.find((r) => r.phaseKey === p.key);
            return (
              <tr key={p.key} data-phase={p.key}>
                <th scope="row">
                  {p.number !== null ? `Phase ${p.number}` : p.name}
                  {p.priority ? <span className="muted"> ({p.priority})</span> : null}
                </th>
                {COLUMNS.map((c) => (
                  <Cell
                    key={c.key}
                    label={c.label}
                    counted={c.counted(p)}
                    stated={c.key === 'total' ? (row?.total ?? headingCounts[p.key] ?? null) : (row?.[c.key] ?? null)}
                    secondary={c.key === 'total' && row?.total != null ? (headingCounts[p.key] ?? null) : null}
                  />
                ))}
                <td className="num" data-label="Done">
                  {p.percent}%
                </td>
              </tr>
            );
          })}
          {unmatched.map((r, i) => (
            <tr key={`u${i}`} className="unmatched">
              <th scope="row">
                {r.label} <span className="muted">(no such phase in the document)</span>
              </th>
              {COLUMNS.map((c) => (
                <Cell key={c.key} label={c.label} counted={null} stated={r[c.key]} />
              ))}
              <td />
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-phase="total">
            <th scope="row">Total</th>
            {COLUMNS.map((c) => (
              <Cell key={c.key} label={c.label} counted={c.counted(total)} stated={statedTotal?.[c.key] ?? null} />
            ))}
            <td className="num" data-label="Done">
              {total.percent}%
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function rowDiffers(c: StatusCounts, row: StatedRow | undefined, heading: number | undefined): boolean {
  if (heading !== undefined && heading !== c.total) return true;
  if (!row) return false;
  return COLUMNS.some((col) => row[col.key] !== null && row[col.key] !== col.counted(c));
}

/** Counted number; the stated one beside it only when it differs (a heading's count may differ too). */
function Cell({
  label,
  counted,
  stated,
  secondary = null,
}: {
  /** The column's name, shown above the number when the table is stacked on a phone. */
  label: string;
  counted: number | null;
  stated: number | null;
  secondary?: number | null;
}) {
  const differs = stated !== null && stated !== counted;
  const headingDiffers = secondary !== null && secondary !== counted && secondary !== stated;
  return (
    <td className={`num${differs ? ' differs' : ''}`} data-label={label}>
      <span className="counted">{counted === null ? '–' : counted.toLocaleString('en')}</span>
      {differs ? (
        <span className="stated" title="Number stated in the document's summary table">
          doc {stated!.toLocaleString('en')}
        </span>
      ) : null}
      {headingDiffers ? (
        <span className="stated" title="Number stated in the phase heading">
          heading {secondary!.toLocaleString('en')}
        </span>
      ) : null}
    </td>
  );
}
