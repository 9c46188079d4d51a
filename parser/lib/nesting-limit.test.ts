// Nesting deeper than MAX_NESTING is a diagnostic, not a stack overflow or a parse that runs for a minute, and
// every offset of what is read stays true (issue 14).
import { parsePlan } from '../index';
import { limitNesting, MAX_NESTING } from './nesting-limit';

function nestedList(levels: number): string {
  const lines = ['# Deep', '', '## Phase 1: Deep', ''];
  for (let i = 0; i < levels; i++)
    lines.push(`${'  '.repeat(i)}- [ ] **D-${String(i + 1).padStart(4, '0')}**: level ${i + 1}`);
  return `${lines.join('\n')}\n`;
}

test('5,000 nested blockquotes parse with a diagnostic instead of overflowing the stack', () => {
  const source = `# Quotes\n\n- [ ] **Q-001**: before\n\n${'>'.repeat(5000)} - [ ] **Q-002**: deep\n\n- [ ] **Q-003**: after\n`;
  const model = parsePlan(source);
  expect(model.diagnostics.map((d) => d.code)).not.toContain('internal-error');
  const deep = model.diagnostics.find((d) => d.code === 'nesting-too-deep');
  expect(deep).toMatchObject({ line: 5, column: 1 });
  expect(model.items.map((i) => i.id)).toEqual(['Q-001', 'Q-003']);
});

test('a list nested 1,000 levels deep reads the first levels and says the rest are too deep', () => {
  const source = nestedList(1000);
  const model = parsePlan(source);
  const deep = model.diagnostics.find((d) => d.code === 'nesting-too-deep')!;
  expect(deep.message).toMatch(/^\d+ lines are nested deeper than 100 levels/);
  expect(model.items.length).toBeGreaterThan(40);
  expect(model.items.length).toBeLessThanOrEqual(MAX_NESTING);
  for (const item of model.items) {
    expect(source.slice(item.textSpan.start, item.textSpan.end)).toContain(item.id!);
    expect(source.slice(item.statusSpan.start, item.statusSpan.end)).toBe(' ');
  }
});

test('blanking keeps the length and the line endings, and touches nothing shallower', () => {
  const source = `a\r\n${'>'.repeat(200)} x\r\n  - b\n`;
  const { text, lines, first } = limitNesting(source);
  expect(text.length).toBe(source.length);
  expect(text).toBe(`a\r\n<!--${' '.repeat(195)}-->\r\n  - b\n`);
  expect({ lines, first }).toEqual({ lines: 1, first: 3 });
  expect(limitNesting(nestedList(50)).text).toBe(nestedList(50));
});
