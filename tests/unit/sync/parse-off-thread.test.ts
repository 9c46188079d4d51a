// The server parses on a worker thread (sync/parse-off-thread.ts): while a slow plan parses, the main thread keeps
// running callbacks — requests, /healthz — and the model that comes back is the one parsePlan gives.
import { isDeepStrictEqual } from 'node:util';
import { parsePlan } from '../../../parser/index';
import { parseOffThread, stopParseThread } from '../../../sync/parse-off-thread';
import { generatePlan } from '../../bench/generate-plan';

afterAll(() => stopParseThread());

/** How many times the main thread's event loop turned while `parse` was under way. */
async function turnsDuring(parse: () => Promise<unknown>): Promise<number> {
  let turns = 0;
  const timer = setInterval(() => turns++, 0);
  try {
    await parse();
  } finally {
    clearInterval(timer);
  }
  return turns;
}

test('the main thread keeps turning while a large plan parses, and the model is parsePlan’s', async () => {
  const source = generatePlan({ items: 3000, seed: 14 });
  await parseOffThread('# warm-up\n'); // the thread's start-up is not what is measured
  const turns = await turnsDuring(async () => {
    const model = await parseOffThread(source);
    expect(isDeepStrictEqual(model, parsePlan(source, { reuse: false }))).toBe(true);
  });
  expect(turns).toBeGreaterThan(0);
  // The same parse on the main thread lets nothing else run: the property the test relies on.
  expect(await turnsDuring(async () => parsePlan(source, { reuse: false }))).toBe(0);
});

test('parses queue on the one thread and each caller gets its own model', async () => {
  const sources = ['# A\n\n- [ ] **A-001**: a\n', '# B\n\n- [x] **B-001**: b\n', `${'>'.repeat(3000)} deep\n`];
  const models = await Promise.all(sources.map((s) => parseOffThread(s)));
  expect(models.map((m) => m.title)).toEqual(['A', 'B', null]);
  expect(models[2].diagnostics.map((d) => d.code)).toContain('nesting-too-deep');
});
