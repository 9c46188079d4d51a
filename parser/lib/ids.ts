// Item IDs as plans write them at the start of an item's text:
// `**CACHE-001**:`, `CACHE-001:`, `**[MET-AHA-001]**`, `**AGENT-004 (was TRAVELAGENT-001)**`, `[T001]`,
// `T001`, `1.2.3`, `2.1`, Kiro's `1.`.

/** Letter-led, hyphenated, ending in a number: CACHE-001, MET-AHA-001, K8S-001, I18N-002, STAGE0-001. */
export const WORD_ID = String.raw`[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*-\d+[a-z]?`;
/** Spec-kit style: a short capital prefix glued to 3+ digits: T001. */
export const GLUED_ID = String.raw`[A-Z]{1,3}\d{3,}`;
const ANY_WORD_ID = `(?:${WORD_ID}|${GLUED_ID})`;

const BOLD_ID = new RegExp(String.raw`^\*\*\[?(${ANY_WORD_ID})\]?(?:\s*\([^)*]*\))?:?\*\*:?`);
const BRACKET_ID = new RegExp(String.raw`^\[(${ANY_WORD_ID})\]:?(?=\s|$)`);
const PLAIN_ID = new RegExp(String.raw`^(${ANY_WORD_ID}):?(?=\s|$)`);
const DOTTED_ID = /^\*{0,2}(\d+(?:\.\d+)+)\.?\*{0,2}:?(?=\s|$)/;
const ORDINAL_ID = /^(\d+)\.(?=\s)/;

export interface IdRead {
  id: string | null;
  /** Characters of the text taken by the ID and its punctuation (`**CACHE-001**:`). */
  length: number;
}

export function readId(text: string): IdRead {
  for (const re of [BOLD_ID, BRACKET_ID, PLAIN_ID, DOTTED_ID, ORDINAL_ID]) {
    const m = re.exec(text);
    if (m) return { id: m[1], length: m[0].length };
  }
  return { id: null, length: 0 };
}

/** Every ID-shaped token in a text, in order (for progress-log cells). */
export const ID_TOKEN = new RegExp(`(?<![A-Za-z0-9-])${ANY_WORD_ID}(?![A-Za-z0-9])`, 'g');
