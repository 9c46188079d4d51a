// ID prefixes for categories (issue 12): `Caching` → CACHE, as the example plan names its sections' items, and
// a new section's prefix never taken from an unrelated section's items. One home for `plan new`, `plan merge`
// and the dashboard's generate, merge and "Add to plan".

/** The example plan's abbreviations, and a few more of the same kind, for a category's first word. */
const ABBREVIATIONS: Readonly<Record<string, string>> = {
  additional: 'MISC',
  application: 'APP',
  applications: 'APP',
  architecture: 'ARCH',
  authentication: 'AUTH',
  authorization: 'AUTHZ',
  cache: 'CACHE',
  caching: 'CACHE',
  communication: 'COMM',
  database: 'DB',
  databases: 'DB',
  developer: 'DEV',
  development: 'DEV',
  distributed: 'DIST',
  infrastructure: 'INFRA',
  kubernetes: 'K8S',
  messaging: 'MSG',
  microservices: 'MICRO',
  miscellaneous: 'MISC',
  monitoring: 'MON',
  network: 'NET',
  networking: 'NET',
  observability: 'OBS',
  operating: 'OS',
  other: 'MISC',
  payment: 'PAY',
  payments: 'PAY',
  performance: 'PERF',
  programming: 'PROG',
  security: 'SEC',
};

/** The word a category's prefix comes from: its first word (`Real-Time` as one word). */
function headWord(category: string): string {
  return (category.match(/[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/u)?.[0] ?? 'item').toLowerCase();
}

/**
 * `Caching` → `CACHE`, `Linux/Operating Systems` → `LINUX`, `API Design` → `API`, `Real-Time & Communication`
 * → `RT`: a known abbreviation of the first word, else the word whole when it is six characters or fewer,
 * else its first four; a hyphenated first word gives its initials.
 */
export function derivePrefix(category: string): string {
  const word = headWord(category);
  if (ABBREVIATIONS[word]) return ABBREVIATIONS[word];
  if (word.includes('-'))
    return word
      .split('-')
      .map((w) => w[0])
      .join('')
      .toUpperCase();
  return (word.length <= 6 ? word : word.slice(0, 4)).toUpperCase();
}

/** Prefixes in use and the titles of the sections (or categories) using each; an empty list: used by items
 * whose section is unknown (removed items), so never shared. */
export type PrefixUse = ReadonlyMap<string, readonly string[]>;

const wordsOf = (title: string) => new Set(title.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);

/**
 * The prefix for a new section of `category`: the derived one when it is free, or already used by sections
 * about the same thing (one of them names the word it comes from: `Caching Advanced` shares `Caching
 * Problems`' CACHE); else the first free of the category's initials, the derived prefix with a digit.
 */
export function prefixFor(category: string, used: PrefixUse): string {
  const derived = derivePrefix(category);
  const head = headWord(category).split('-');
  const shares = (titles: readonly string[] | undefined) =>
    titles === undefined || titles.some((t) => head.every((w) => wordsOf(t).has(w)));
  if (shares(used.get(derived))) return derived;
  const initials = [...wordsOf(category)]
    .filter((w) => !['and', 'of', 'the', 'for', 'in'].includes(w))
    .map((w) => w[0].toUpperCase())
    .join('');
  const candidates = [
    ...(initials.length >= 2 ? [initials] : []),
    ...[2, 3, 4, 5, 6, 7, 8, 9].map((n) => `${derived}${n}`),
  ];
  return candidates.find((c) => !used.has(c)) ?? `${derived}${used.size + 1}`;
}

/** The prefix of an ID such as `CACHE-009` (letters first, a dash, digits), else null. */
export function prefixOfId(id: string | null): string | null {
  return id ? (/^([A-Za-z][A-Za-z0-9]*)-\d+$/.exec(id)?.[1] ?? null) : null;
}
