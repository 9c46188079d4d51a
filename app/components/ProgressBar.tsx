import type { StatusCounts } from '../../db/queries/counts';

/** Done (solid) and in-progress (striped) shares of the items that count (cancelled ones do not). */
export function ProgressBar({
  counts,
  label,
  size = 'md',
}: {
  counts: StatusCounts;
  label: string;
  size?: 'sm' | 'md';
}) {
  const base = Math.max(counts.total - counts.cancelled, 0);
  const done = base ? (counts.done / base) * 100 : 0;
  const doing = base ? (counts.inProgress / base) * 100 : 0;
  return (
    <div
      className={`progress progress-${size}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={counts.percent}
      aria-valuetext={`${counts.percent}% done: ${counts.done} of ${base}${counts.inProgress ? `, ${counts.inProgress} in progress` : ''}`}
    >
      <span className="progress-done" style={{ width: `${done}%` }} />
      <span className="progress-doing" style={{ width: `${doing}%` }} />
    </div>
  );
}
