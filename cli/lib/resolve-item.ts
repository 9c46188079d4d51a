// ITEM as the user types it — an ID (`CACHE-001`), a key (`CACHE-001#2`, derived keys) or `line:N` — to one item.
import type { Item, PlanModel } from '../../parser/index';
import { CliError } from './errors';
import { closeMatches } from './suggest';

export function resolveItem(model: PlanModel, ref: string): Item {
  const wanted = ref.trim();
  const byLine = /^line:(\d+)$/i.exec(wanted);
  if (byLine) {
    const line = Number(byLine[1]);
    const item = model.items.find((i) => i.line === line);
    if (item) return item;
    const near = model.items.filter((i) => Math.abs(i.line - line) <= 3).map((i) => `line:${i.line}`);
    throw new CliError(`no item on line ${line}${near.length ? ` (items nearby: ${near.join(', ')})` : ''}`);
  }

  // An ID first: when two items share it, the first one's key equals the ID too, and picking it would be a guess.
  for (const same of [(a: string) => a === wanted, (a: string) => a.toLowerCase() === wanted.toLowerCase()]) {
    const byId = model.items.filter((i) => i.id !== null && same(i.id));
    if (byId.length === 1) return byId[0];
    if (byId.length > 1) {
      const choices = byId.map((i) => `${i.key} (line ${i.line})`).join(', ');
      throw new CliError(`${wanted} names ${byId.length} items: ${choices}; give a key or line:N`);
    }
    const byKey = model.items.filter((i) => same(i.key));
    if (byKey.length === 1) return byKey[0];
  }

  const names = model.items.flatMap((i) => (i.id !== null ? [i.id, i.key] : [i.key]));
  const close = closeMatches(wanted, names);
  const hint = close.length
    ? `; close matches: ${close.join(', ')}`
    : model.items.length
      ? ''
      : '; the plan has no items';
  throw new CliError(`no item ${wanted}${hint}`);
}
