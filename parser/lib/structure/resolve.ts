// Sections and phases named the way people name them: a key (`1.8#2`, `phase-2`), a number (`1.1`, `2`), or
// the start of the heading's text (`Inode Management`, case-insensitive).

import type { Item, Phase, PlanModel, Section } from '../types';
import { StructureError } from './types';

function pick<T extends { key: string; line: number }>(
  all: T[],
  ref: string,
  what: 'section' | 'phase',
  number: (x: T) => string | null,
  text: (x: T) => string,
): T {
  const want = ref.trim();
  const byKey = all.find((x) => x.key === want);
  if (byKey) return byKey;
  const byNumber = all.filter((x) => number(x) === want);
  if (byNumber.length === 1) return byNumber[0];
  const lower = want.toLowerCase();
  const byText = lower ? all.filter((x) => text(x).toLowerCase().startsWith(lower)) : [];
  const found = byNumber.length ? byNumber : byText;
  if (found.length === 1) return found[0];
  const list = all.map((x) => `${number(x) ?? x.key} ${text(x)}`.trim());
  if (found.length > 1) {
    throw new StructureError(
      'ambiguous',
      `"${ref}" names ${found.length} ${what}s (${found.map((x) => `"${x.key}" at line ${x.line}`).join(', ')}); use the key.`,
    );
  }
  throw new StructureError(
    what === 'section' ? 'unknown-section' : 'unknown-phase',
    all.length
      ? `No ${what} "${ref}" in this plan; use a number, key or the start of a heading: ${list.slice(0, 12).join('; ')}${list.length > 12 ? ' …' : ''}.`
      : `This plan has no ${what}s; add a ${what} heading first.`,
  );
}

export function findSection(model: PlanModel, ref: string): Section {
  return pick(
    model.sections,
    ref,
    'section',
    (s) => s.number,
    (s) => s.title,
  );
}

export function findPhase(model: PlanModel, ref: string): Phase {
  return pick(
    model.phases,
    ref,
    'phase',
    (p) => (p.number === null ? null : String(p.number)),
    (p) => p.name,
  );
}

export function itemOrThrow(model: PlanModel, key: string): Item {
  const item = model.items.find((i) => i.key === key) ?? model.items.find((i) => i.id === key);
  if (!item) throw new StructureError('unknown-item', `No item "${key}" in this plan (it may have been removed).`);
  return item;
}
