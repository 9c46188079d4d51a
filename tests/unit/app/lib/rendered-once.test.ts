// Markup the server writes once per key (decision 060): the items page's rows for one state of the plan.
import { renderedOnce } from '../../../../app/lib/rendered-once';

afterEach(() => vi.unstubAllGlobals());

it('on the server gives what the first render for a key gave, and renders for another key', () => {
  const render = vi.fn((text: string) => [text]);
  const first = renderedOnce('once:a', () => render('a'));
  expect(renderedOnce('once:a', () => render('again'))).toBe(first);
  expect(renderedOnce('once:b', () => render('b'))).toEqual(['b']);
  expect(render.mock.calls).toEqual([['a'], ['b']]);
});

it('keeps the last 32 keys only', () => {
  for (let i = 0; i <= 32; i++) renderedOnce(`kept:${i}`, () => i);
  expect(renderedOnce('kept:32', () => -1)).toBe(32);
  expect(renderedOnce('kept:1', () => -1)).toBe(1);
  expect(renderedOnce('kept:0', () => -1)).toBe(-1);
});

it('in the browser renders every time (the page changes its rows there)', () => {
  vi.stubGlobal('document', {});
  expect(renderedOnce('browser:a', () => 1)).toBe(1);
  expect(renderedOnce('browser:a', () => 2)).toBe(2);
});
