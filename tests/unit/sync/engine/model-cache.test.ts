import fc from 'fast-check';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  applyEdits,
  checkedEdits,
  EditConflictError,
  parsePlan,
  PieceText,
  statusChangeEdits,
  type Edit,
} from '../../../../parser/index';
import {
  bytesAfterEdits,
  clearModelCache,
  current,
  rememberModel,
  type Cached,
} from '../../../../sync/engine/model-cache';
import { hashBytes } from '../../../../sync/hash';
import { stampOf } from '../../../../sync/writer';

const SEED = readFileSync(fileURLToPath(new URL('../../../fixtures/seed/input.md', import.meta.url)), 'utf8');
const PLAN = 1;

function entry(text: string, bytes: Buffer = Buffer.from(text, 'utf8')): Cached {
  const model = parsePlan(text);
  return { bytes, hash: hashBytes(bytes), text, model };
}

afterEach(() => clearModelCache());

describe('bytesAfterEdits', () => {
  it('gives the UTF-8 bytes of the edited text, tick after tick, in reused and grown buffers', () => {
    let cur = entry(SEED);
    rememberModel(PLAN, cur);
    const keys = cur.model.items.map((i) => i.key);
    for (let n = 0; n < 40; n++) {
      const item = cur.model.items.find((i) => i.key === keys[(n * 7) % keys.length])!;
      const status = item.status === 'done' ? 'todo' : 'done';
      const edits = statusChangeEdits(
        cur.text,
        cur.model,
        { kind: 'set-status', key: item.key, status },
        '2026-01-0' + ((n % 9) + 1),
      );
      const text = applyEdits(cur.text, edits);
      const bytes = bytesAfterEdits(PLAN, cur, edits);
      expect(bytes.equals(Buffer.from(text, 'utf8'))).toBe(true);
      // As the tick keeps it: the text pieced, never copied whole (its bytes are counted piece by piece).
      const pieced = PieceText.of(cur.text, checkedEdits(cur.text, edits));
      expect(pieced.toString()).toBe(text);
      cur = { ...entry(text, bytes), text: n % 10 === 9 ? text : pieced };
      rememberModel(PLAN, cur);
    }
  });

  it('places multi-byte text and insertions at one offset as applyEdits does', () => {
    const text = 'é — ✅ 2026-01-01 | 𝒳 end';
    const cur = entry(text);
    rememberModel(PLAN, cur);
    const edits: Edit[] = [
      { start: 4, end: 4, expect: '', text: '∑' },
      { start: 0, end: 1, expect: 'é', text: 'e' },
      { start: 4, end: 4, expect: '', text: 'ü' },
      { start: 4, end: 16, expect: '✅ 2026-01-01', text: '' },
      { start: 19, end: 21, expect: '𝒳', text: '𝒳𝒴'.repeat(5000) },
    ];
    for (const e of [edits, edits.slice(0, 2), [edits[4]]]) {
      const next = applyEdits(cur.text, e);
      const bytes = bytesAfterEdits(PLAN, cur, e);
      expect(bytes.toString('utf8')).toBe(next);
      expect(bytes.equals(Buffer.from(next, 'utf8'))).toBe(true);
      rememberModel(PLAN, entry(cur.text.toString()));
    }
  });

  it('counts bytes from its marks right, round after round of edits across them, in a long multi-byte text', () => {
    // Byte offsets are counted from marks kept per buffer (one every 4,096 characters at first), moved by each
    // round's edits and dropped inside them: the bytes must stay the text's own.
    const pieces = ['a', 'é', '✅', '𝒳', '\n', '- [x] ', 'ABC-123'];
    // Edits that start just before a mark, so that some cover one.
    const nearMark = fc.tuple(fc.nat(3), fc.nat(6)).map(([k, back]) => (k + 1) * 4096 - back);
    fc.assert(
      fc.property(
        fc.array(fc.nat(pieces.length - 1), { minLength: 4000, maxLength: 6000 }),
        fc.array(
          fc.array(
            fc.record({
              at: fc.oneof(fc.nat(), nearMark),
              cut: fc.nat(8),
              add: fc.array(fc.nat(pieces.length - 1), { maxLength: 4 }),
            }),
            {
              minLength: 1,
              maxLength: 3,
            },
          ),
          { minLength: 1, maxLength: 12 },
        ),
        (start, rounds) => {
          let cur = entry(start.map((i) => pieces[i]).join(''));
          for (const round of rounds) {
            const text = cur.text.toString();
            // Edits on code-point boundaries, apart from each other.
            const edits: Edit[] = [];
            let floor = 0;
            for (const { at, cut, add } of [...round].sort((x, y) => x.at - y.at)) {
              let s0 = Math.max(floor, at % (text.length + 1));
              if (s0 > 0 && s0 < text.length && /[\udc00-\udfff]/.test(text[s0])) s0++;
              let e0 = Math.min(text.length, s0 + cut);
              if (e0 > 0 && e0 < text.length && /[\udc00-\udfff]/.test(text[e0])) e0++;
              if (s0 > text.length) break;
              edits.push({ start: s0, end: e0, expect: text.slice(s0, e0), text: add.map((i) => pieces[i]).join('') });
              floor = e0 + 1;
            }
            const next = applyEdits(text, edits);
            const bytes = bytesAfterEdits(PLAN, cur, edits);
            expect(bytes.equals(Buffer.from(next, 'utf8'))).toBe(true);
            cur = { ...cur, bytes, text: PieceText.of(cur.text, edits) };
          }
        },
      ),
      { numRuns: 40, seed: 7, endOnFailure: true },
    );
  });

  it('refuses edits as applyEdits does, before any byte is built (the file is written before the new text)', () => {
    const cur = entry(SEED);
    const at = SEED.indexOf('- [ ]');
    const wrong: Edit = { start: at, end: at + 5, expect: '- [x]', text: '- [x]' };
    expect(() => applyEdits(SEED, [wrong])).toThrow(EditConflictError);
    expect(() => bytesAfterEdits(PLAN, cur, [wrong])).toThrow(EditConflictError);
    const outside: Edit = { start: SEED.length, end: SEED.length + 1, expect: 'x', text: '' };
    expect(() => bytesAfterEdits(PLAN, cur, [outside])).toThrow(EditConflictError);
    const a: Edit = { start: at, end: at + 5, expect: '- [ ]', text: '- [x]' };
    const b: Edit = { start: at + 3, end: at + 6, expect: SEED.slice(at + 3, at + 6), text: '' };
    expect(() => applyEdits(SEED, [a, b])).toThrow(EditConflictError);
    expect(() => bytesAfterEdits(PLAN, cur, [a, b])).toThrow(EditConflictError);
  });
});

describe('current', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tickmark-model-cache-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('takes the bytes this process wrote from the cache while the file keeps the stamp of that write', async () => {
    const file = join(dir, 'plan.md');
    writeFileSync(file, '- [ ] a\n');
    // The cache says what was written; reading the file instead would give the other bytes.
    rememberModel(PLAN, { ...entry('- [x] a\n'), written: stampOf(file)! });
    expect((await current(PLAN, file)).text).toBe('- [x] a\n');
  });

  it('reads the file again once an editor saved over that write, even at the same size', async () => {
    const file = join(dir, 'plan.md');
    writeFileSync(file, '- [ ] a\n');
    rememberModel(PLAN, { ...entry('- [ ] a\n'), written: stampOf(file)! });
    await new Promise((r) => setTimeout(r, 20));
    writeFileSync(file, '- [x] a\n'); // in place: same inode, same size, a later mtime
    expect((await current(PLAN, file)).text).toBe('- [x] a\n');
  });
});
