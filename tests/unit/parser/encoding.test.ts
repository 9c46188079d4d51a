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

  it('never throws and reports true spans on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
        for (const span of findMojibake(text)) expect(text.slice(span.start, span.end)).toBe(span.text);
      }),
      { numRuns: 2000, seed: 4 },
    );
  });
});
