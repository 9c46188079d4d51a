// Small display helpers shared by the pages.
import { STATUSES, STATUS_INFO } from '../../parser/index';

/** The statuses' labels (parser/lib/statuses.ts) and the history's other event kinds. */
export const STATUS_LABEL: Record<string, string> = {
  ...Object.fromEntries(STATUSES.map((s) => [s, STATUS_INFO[s].label])),
  removed: 'Removed',
  restored: 'Restored',
};

export function statusLabel(status: string | null): string {
  if (status === null) return 'New';
  return STATUS_LABEL[status] ?? status;
}

const rtf = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "3 minutes ago", relative to `now` (passed in so server and client render the same text). */
export function relativeTime(iso: string | null, now: number): string {
  if (!iso) return 'never';
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return 'just now';
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 86400) return rtf.format(Math.round(seconds / 3600), 'hour');
  if (abs < 86400 * 45) return rtf.format(Math.round(seconds / 86400), 'day');
  if (abs < 86400 * 365) return rtf.format(Math.round(seconds / (86400 * 30)), 'month');
  return rtf.format(Math.round(seconds / (86400 * 365)), 'year');
}

/** `2026-01-04 14:03 UTC` — one fixed format, the same on server and client. */
export function dateTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

/** Where a recorded change came from, in words (item history, activity feed, the plan frame's last change). */
export const SOURCE_LABEL: Record<string, string> = {
  markdown: 'File edit',
  ui: 'Dashboard',
  cli: 'Command line',
  log: 'Progress log',
  git: 'Git commit',
};

export function sourceLabel(source: string): string {
  return SOURCE_LABEL[source] ?? source;
}
