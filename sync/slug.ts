// A plan's slug comes from its file name once, on first import, and never changes after (URLs stay valid).
import path from 'node:path';

export function slugBase(file: string): string {
  const name = path.basename(file).replace(/\.(md|markdown)$/i, '');
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return slug || 'plan';
}

/** `base`, else `base-2`, `base-3` … whichever is not taken. */
export function uniqueSlug(base: string, taken: Set<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}
