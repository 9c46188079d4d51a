// The one line `tickmark sync` prints per plan.
import type { SyncResult } from '../../sync/import';

export function syncSummaryLine(r: SyncResult): string {
  const name = r.slug ?? r.path;
  if (r.outcome === 'error') {
    // Errors from reading the file start with its path; the line already names the plan.
    const reason = (r.error ?? '').startsWith(`${r.file}: `) ? (r.error ?? '').slice(r.file.length + 2) : r.error;
    const where = r.slug ? `${r.slug} (${r.file})` : r.file;
    return `${where}: error: ${reason}${r.planId !== null ? ' (last good data kept)' : ''}`;
  }
  if (r.source)
    return `${name}: source, ${r.source.topics} topics${r.outcome === 'unchanged' ? ', unchanged' : ''} (${r.ms} ms)`;
  const c = r.changes;
  const parts: string[] = [];
  if (r.outcome === 'unchanged') parts.push('unchanged');
  else {
    parts.push(r.outcome === 'created' ? `imported ${r.items} items` : `${r.items} items`);
    if (r.outcome === 'updated') {
      const bits = [
        c.inserted && `${c.inserted} new`,
        c.updated && `${c.updated} changed`,
        c.removed && `${c.removed} removed`,
        c.restored && `${c.restored} restored`,
        c.moved && `${c.moved} moved`,
      ].filter(Boolean);
      parts.push(bits.length ? bits.join(', ') : 'no item changes');
    }
    if (c.events)
      parts.push(`${c.events} ${r.outcome === 'created' ? 'history ' : ''}event${c.events === 1 ? '' : 's'}`);
    if (r.git) parts.push(`history from ${r.git.commits} git commit${r.git.commits === 1 ? '' : 's'}`);
    else if (r.git === null) parts.push('not in git: its history starts now');
    const d = r.diagnostics;
    const diag = [
      d.error && `${d.error} error${d.error === 1 ? '' : 's'}`,
      d.warning && `${d.warning} warning${d.warning === 1 ? '' : 's'}`,
    ].filter(Boolean);
    if (diag.length) parts.push(diag.join(', '));
  }
  return `${name}: ${parts.join(', ')} (${r.ms} ms)`;
}
