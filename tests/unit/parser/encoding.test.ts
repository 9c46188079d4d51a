// Windows-1252 mojibake: finding it, repairing it, and cp1252's five undefined bytes (0x81 0x8D 0x8F 0x90
// 0x9D), which decoders pass through as C1 control characters.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findMojibake, repairMojibake, toMojibake } from '../../../parser';

describe('mojibake', () => {
  it('knows the seed’s forms', () => {
    expect(toMojibake('✅')).toBe('âœ…');
    expect(toMojibake('→')).toBe('â†’');
    expect(toMojibake('🎉')).toBe('ðŸŽ‰');
    expect(repairMojibake('Client â†’ CDN âœ…')).toBe('Client → CDN ✅');
  });

  it('maps the undefined cp1252 bytes through their C1 controls', () => {
    // ❝ is E2 9D 9D; Á is C3 81; ŏ is C5 8F; Ѝ is D0 8D; ␐? U+2410 is E2 90 90.
    expect(toMojibake('❝')).toBe('â\u009d\u009d');
    expect(toMojibake('Á')).toBe('Ã\u0081');
    for (const ch of ['❝', 'Á', 'ŏ', 'Ѝ', '␐']) expect(repairMojibake(toMojibake(ch))).toBe(ch);
  });

  it('reports spans with the damaged and the repaired text', () => {
    const source = 'ok âœ… and ðŸŽ‰ done';
    expect(findMojibake(source)).toEqual([
      { start: 3, end: 6, text: 'âœ…', repaired: '✅' },
      { start: 11, end: 15, text: 'ðŸŽ‰', repaired: '🎉' },
    ]);
  });

  it('leaves correct text alone, including accents that are not UTF-8 sequences', () => {
    for (const text of ['café ✅ naïve', 'Ã alone', 'Â', '日本語 テキスト', 'Ã\u0080\u0080']) {
      expect(repairMojibake(text)).toBe(text);
    }
    expect(findMojibake('café ✅ — “quotes”')).toEqual([]);
  });

  it('repairs any text that went through the round trip', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (text) => {
        expect(repairMojibake(toMojibake(text))).toBe(text);
      }),
      { numRuns: 2000, seed: 3 },
    );
  });

  it('finds what a scan of every character finds, between lead characters and their neighbours', () => {
    // findMojibake jumps between the characters that can lead a sequence; this oracle (its earlier self) looks
    // at every character.
    const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    // Windows-1252's bytes 0x80–0x9F (the five undefined ones as their C1 controls); the rest are Latin-1's.
    const high = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
    const cp1252Byte = (code: number) => {
      if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) return code;
      const at = high.indexOf(String.fromCharCode(code));
      return at < 0 ? -1 : at + 0x80;
    };
    const everyCharacter = (source: string) => {
      const spans: { start: number; end: number; text: string; repaired: string }[] = [];
      for (let i = 0; i < source.length;) {
        const lead = cp1252Byte(source.charCodeAt(i));
        const n =
          lead >= 0xf0 && lead <= 0xf4 ? 4 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xc2 && lead <= 0xdf ? 2 : 0;
        const bytes = [...source.slice(i, i + n)].map((c) => cp1252Byte(c.charCodeAt(0)));
        let decoded: string | null = null;
        if (n && i + n <= source.length && !bytes.includes(-1)) {
          try {
            decoded = strict.decode(Uint8Array.from(bytes));
          } catch {
            decoded = null;
          }
        }
        if (decoded === null) {
          i++;
          continue;
        }
        const last = spans[spans.length - 1];
        if (last && last.end === i)
          Object.assign(last, {
            end: i + n,
            text: last.text + source.slice(i, i + n),
            repaired: last.repaired + decoded,
          });
        else spans.push({ start: i, end: i + n, text: source.slice(i, i + n), repaired: decoded });
        i += n;
      }
      return spans;
    };
    const piece = fc.oneof(
      fc.constantFrom('a', ' ', '\n', 'Á', 'Â', 'ô', 'õ', 'ÿ', '€', '\u0081', 'œ', '…', '™', '✅'),
      fc.string({ unit: 'grapheme', maxLength: 3 }).map(toMojibake),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const source = pieces.join('');
        expect(findMojibake(source)).toEqual(everyCharacter(source));
      }),
      { numRuns: 3000, seed: 5 },
    );
  });

  it('never throws and reports true spans on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
        for (const span of findMojibake(text)) expect(text.slice(span.start, span.end)).toBe(span.text);
      }),
      { numRuns: 2000, seed: 4 },
    );
  });
});
