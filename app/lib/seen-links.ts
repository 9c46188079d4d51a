// The links a link form was shown with (`seen`, decision 046), as the form sends them and the action reads
// them back: a JSON array of `file#line`, so a file name holding a space (or any other character) survives.

/** The form value for an item's links as shown, each named by the source file's stored name and line. */
export function seenLinksValue(topics: readonly { file: string; line: number }[]): string {
  return JSON.stringify(topics.map((t) => `${t.file}#${t.line}`));
}

/** The links a form sent back, or null when the value is not what seenLinksValue writes. */
export function parseSeenLinks(value: string): string[] | null {
  if (value === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return null;
  }
  return Array.isArray(parsed) && parsed.every((s) => typeof s === 'string') ? parsed : null;
}
