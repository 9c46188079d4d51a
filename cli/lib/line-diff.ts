// A line diff (`-old` / `+new`, in order) for showing what a change would write: a longest common
// subsequence over lines, which is exact and small enough for the plans a dry run is shown for.

/** Changed lines as `-text` and `+text`, removals before additions; null when the texts are too large. */
export function lineDiff(before: string, after: string, maxCells = 25_000_000): string[] | null {
  const a = before.split('\n');
  const b = after.split('\n');
  if (a.length * b.length > maxCells) return null;
  const w = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * w);
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i * w + j] =
        a[i] === b[j] ? lcs[(i + 1) * w + j + 1] + 1 : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i++;
      j++;
    } else if (i < a.length && (j === b.length || lcs[(i + 1) * w + j] >= lcs[i * w + j + 1])) out.push(`-${a[i++]}`);
    else out.push(`+${b[j++]}`);
  }
  return out;
}
