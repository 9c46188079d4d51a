import { statusLabel } from '../lib/format';
import { escapeHtml } from '../lib/html';

export function StatusBadge({ status }: { status: string | null }) {
  return <span className={`badge badge-${status ?? 'new'}`}>{statusLabel(status)}</span>;
}

/** The badge as a string of HTML, for rows written as HTML (the items page, decision 060). */
export function statusBadgeHtml(status: string | null): string {
  return `<span class="badge badge-${escapeHtml(status ?? 'new')}">${escapeHtml(statusLabel(status))}</span>`;
}
