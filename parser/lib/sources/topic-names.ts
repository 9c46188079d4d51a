// Topic titles compared the way a reader would: case, punctuation and `&`/`and` do not make two topics.

/** `Cache Penetration` and `cache-penetration` are the same topic. */
export function normaliseTopic(title: string): string {
  return title
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function words(title: string): string[] {
  return normaliseTopic(title)
    .split(' ')
    .filter((w) => w.length > 0);
}

/**
 * How close two titles are, 0…1: shared words over the shorter title's words, so that a title which is
 * another with words added (`Cloud Cost Reduction` / `Cloud Cost Reduction Techniques`) scores 1.
 */
export function topicSimilarity(a: string, b: string): number {
  const wa = new Set(words(a));
  const wb = new Set(words(b));
  if (!wa.size || !wb.size) return 0;
  let shared = 0;
  for (const w of wa) if (wb.has(w)) shared++;
  return shared / Math.min(wa.size, wb.size);
}
