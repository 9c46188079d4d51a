// parsePlan against bare `unified().use(remarkParse).use(remarkGfm).parse` on the same text: median time and
// peak memory, each (input, variant) measured in its own child process. Target on the 10,000-item plan:
// ≤ 0.10× bare remark's time (issue 15), and peak memory below bare remark's. parsePlan is measured cold (no pieces of
// an earlier parse reused); `reparse` is parsePlan after a one-line edit of a text it parsed before (what the
// watcher does when someone ticks a box in an editor).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { generatePlan } from './generate-plan';
import { collectGarbage, peakRss, runChild } from './lib/child';
import { formatMb, formatMs, formatRatio, formatTable, median, verdict } from './lib/stats';

const SEED_PATH = fileURLToPath(new URL('../fixtures/seed/input.md', import.meta.url));
const PARSER_PATH = fileURLToPath(new URL('../../parser/index.ts', import.meta.url));
const TIME_TARGET = 0.1;

type Variant = 'parsePlan' | 'reparse' | 'remark';

interface Input {
  name: string;
  load(): Promise<string>;
  /** Timed runs per variant; bare remark takes seconds on the big plan, so it gets fewer. */
  runs: Record<Variant, number>;
}

const INPUTS: Input[] = [
  { name: 'seed', load: () => readFile(SEED_PATH, 'utf8'), runs: { parsePlan: 20, reparse: 20, remark: 20 } },
  {
    name: 'generated-10k',
    load: async () => generatePlan({ items: 10_000, seed: 1 }),
    runs: { parsePlan: 5, reparse: 10, remark: 2 },
  },
];

/** Warm-up parses of the seed before the timed runs: the same code paths get compiled, at little cost. */
const WARMUP = 5;

interface ChildResult {
  bytes: number;
  times: number[];
  baselineRss: number;
  peakRss: number;
  /** Items found (parsePlan) or top-level nodes (remark): a sanity check that both parsed the text. */
  found: number;
}

async function loadParser(variant: Variant): Promise<(text: string) => { found: number }> {
  if (variant === 'remark') {
    const processor = unified().use(remarkParse).use(remarkGfm);
    return (text) => ({ found: processor.parse(text).children.length });
  }
  const { parsePlan } = await import('../../parser/index');
  if (variant === 'parsePlan') return (text) => ({ found: parsePlan(text, { reuse: false }).items.length });
  // Each run flips one checkbox in the middle of the text the run before parsed (the first run: of the text
  // parsed once before timing starts).
  let base: string | null = null;
  let previous = '';
  return (text) => {
    if (text !== base) [base, previous] = [text, text]; // a new input: start from it
    const at = previous.indexOf('- [', previous.length >> 1) + 3;
    if (at >= 3) previous = previous.slice(0, at) + (previous[at] === ' ' ? 'x' : ' ') + previous.slice(at + 1);
    return { found: parsePlan(previous).items.length };
  };
}

async function child(variant: Variant, inputName: string, runs: number): Promise<ChildResult> {
  const input = INPUTS.find((i) => i.name === inputName);
  if (!input) throw new Error(`unknown input ${inputName}`);
  const parse = await loadParser(variant);
  const text = await input.load();
  const seed = await readFile(SEED_PATH, 'utf8');
  collectGarbage();
  const baselineRss = peakRss();
  for (let i = 0; i < WARMUP; i++) parse(seed);
  if (variant === 'reparse') parse(text); // the parse an edit follows
  const times: number[] = [];
  let found = 0;
  for (let i = 0; i < runs; i++) {
    collectGarbage();
    const started = performance.now();
    found = parse(text).found;
    times.push(performance.now() - started);
  }
  return { bytes: Buffer.byteLength(text), times, baselineRss, peakRss: peakRss(), found };
}

async function main(): Promise<void> {
  const self = fileURLToPath(import.meta.url);
  const rows: string[][] = [];
  const verdicts: string[] = [];
  for (const input of INPUTS) {
    const results: Partial<Record<Variant, ChildResult>> = {};
    for (const variant of ['parsePlan', 'reparse', 'remark'] as const) {
      if (variant !== 'remark' && !existsSync(PARSER_PATH)) {
        verdicts.push(`${input.name} parsePlan: not measured (parser/index.ts does not exist yet)`);
        continue;
      }
      try {
        results[variant] = await runChild<ChildResult>(self, [
          '--child',
          variant,
          input.name,
          String(input.runs[variant]),
        ]);
      } catch (error) {
        verdicts.push(`${input.name} ${variant}: not measured (${(error as Error).message})`);
      }
    }
    for (const variant of ['parsePlan', 'reparse', 'remark'] as const) {
      const r = results[variant];
      if (!r) continue;
      rows.push([
        input.name,
        `${(r.bytes / 1024).toFixed(0)} KB`,
        variant,
        String(r.found),
        String(r.times.length),
        formatMs(median(r.times)),
        formatMs(Math.min(...r.times)),
        formatMb(r.peakRss),
        formatMb(r.peakRss - r.baselineRss),
      ]);
    }
    const mine = results.parsePlan;
    const bare = results.remark;
    if (mine && results.reparse) {
      verdicts.push(
        `${input.name}: re-parse after a one-line edit ${formatRatio(median(results.reparse.times) / median(mine.times))} of a cold parsePlan`,
      );
    }
    if (mine && bare) {
      const timeRatio = median(mine.times) / median(bare.times);
      const memRatio = mine.peakRss / bare.peakRss;
      const target = input.name === 'generated-10k';
      verdicts.push(
        `${input.name}: time ${formatRatio(timeRatio)} of bare remark` +
          (target ? ` (goal ≤ ${TIME_TARGET}×: ${verdict(timeRatio, TIME_TARGET)})` : '') +
          `, peak RSS ${formatRatio(memRatio)}` +
          (target ? ` (goal < 1×: ${memRatio < 1 ? 'met' : 'missed'})` : ''),
      );
    }
  }
  process.stdout.write(
    `${formatTable(['input', 'size', 'variant', 'found', 'runs', 'median', 'min', 'peak RSS', 'over baseline'], rows)}\n\n`,
  );
  process.stdout.write(`${verdicts.join('\n')}\n`);
  process.stdout.write(
    `(found = items for parsePlan, top-level nodes for remark; peak RSS = child process maximum, ` +
      `baseline = after loading modules and text)\n`,
  );
}

const args = process.argv.slice(2);
if (args[0] === '--child') {
  const result = await child(args[1] as Variant, args[2], Number(args[3]));
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  await main();
}
