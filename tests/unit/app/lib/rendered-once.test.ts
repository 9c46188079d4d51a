// Markup the server writes once per key (decision 060), as placeholders the response fills with their bytes
// (decision 062): the items page's rows for one state of the plan.
import { htmlOnce, pageBytes } from '../../../../app/lib/rendered-once';

afterEach(() => vi.unstubAllGlobals());

it('on the server gives placeholders the page fills with what the first render for a key gave', () => {
  const render = vi.fn((text: string) => [`<td>${text}</td>`, '<td>→ ü</td>']);
  const first = htmlOnce('once:a', () => render('a'));
  expect(htmlOnce('once:a', () => render('again'))).toBe(first);
  const other = htmlOnce('once:b', () => render('b'));
  expect(render.mock.calls).toEqual([['a'], ['b']]);
  for (const placeholder of [...first, ...other]) expect(placeholder).toMatch(/^<!--[^<>]*-->$/);

  const page = `<table>✅<tr>${first[0]}</tr><tr>${first[1]}</tr><tr>${other[0]}</tr></table>`;
  expect(pageBytes(page).toString('utf8')).toBe(
    '<table>✅<tr><td>a</td></tr><tr><td>→ ü</td></tr><tr><td>b</td></tr></table>',
  );
});

it('leaves a page without placeholders, or with a comment that only looks like one, as it is', () => {
  for (const page of ['<p>é</p>', '', '<!--tickmark-piece:x:1-->']) expect(pageBytes(page).toString()).toBe(page);
});

it('keeps the last 32 keys only, and forgets the pieces of older ones', () => {
  const oldest = htmlOnce('kept:0', () => ['<td>0</td>']);
  for (let i = 1; i <= 32; i++) htmlOnce(`kept:${i}`, () => [`<td>${i}</td>`]);
  expect(htmlOnce('kept:1', () => ['again'])).not.toEqual(['again']);
  expect(() => pageBytes(oldest[0])).toThrow('no longer kept');
  expect(htmlOnce('kept:0', () => ['<td>new</td>'])).not.toEqual(oldest);
});

it('in the browser renders every time, as plain HTML (the page changes its rows there)', () => {
  vi.stubGlobal('document', {});
  expect(htmlOnce('browser:a', () => ['<td>1</td>'])).toEqual(['<td>1</td>']);
  expect(htmlOnce('browser:a', () => ['<td>2</td>'])).toEqual(['<td>2</td>']);
});
