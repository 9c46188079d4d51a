import { statusLabel } from '../lib/format';

export function StatusBadge({ status }: { status: string | null }) {
  return <span className={`badge badge-${status ?? 'new'}`}>{statusLabel(status)}</span>;
}
