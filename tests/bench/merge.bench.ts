// Merging gap analyses into a plan (`tickmark plan merge`, the Curriculum tab's merge preview): the example
// plan with all five dd-sdlc-ai parts (about 250 new items and 120 new sections) applied as one batch, beside
// the same changes applied one at a time (each a write of its own, bookkeeping after every item: what a batch
// cost before a run of additions kept its bookkeeping to the end) and one cold parse of the merged plan.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  applyStructureChanges,
  computeCoverage,
  forgetParsedPieces,
  mergePlan,
  parsePlan,
  parseSource,
  topicChanges,
  type PlanModel,
} from '../../parser/index';
import { collectGarbage } from './lib/child';
import { formatMs, formatRatio, formatTable, median } from './lib/stats';

const CORPUS = path.join(fileURLToPath(new URL('../..', import.meta.url)), 'tests/fixtures/corpus/dd-sdlc-ai');
const RUNS = 3;
const today = '2026-12-01';

const text = readFileSync(path.join(CORPUS, 'implementation-plan.md'), 'utf8');
const plan = parsePlan(text);
const parts = [1, 2, 3, 4, 5].map((n) =>
  parseSource(readFileSync(path.join(CORPUS, `part_${n}_gap_analysis.md`), 'utf8'), `part_${n}_gap_analysis.md`),
);
const changes = topicChanges(plan, mergePlan(plan, computeCoverage(plan, text, parts)).add);

function time(f: () => unknown): number[] {
  const out: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    forgetParsedPieces();
    collectGarbage();
    // CPU time of this process, not wall time: steadier on a shared machine.
    const start = process.cpuUsage();
    f();
    const used = process.cpuUsage(start);
    out.push((used.user + used.system) / 1000);
  }
  return out;
}

let merged = '';
const batch = time(() => {
  merged = applyStructureChanges(text, changes, { today, model: plan }).text;
});
let single = '';
const oneAtATime = time(() => {
  let out: { text: string; model: PlanModel } = { text, model: plan };
  const known = new Set<string>();
  for (const change of changes) {
    out = applyStructureChanges(out.text, [change], { today, model: out.model, knownIds: known });
    for (const item of out.model.items) if (item.id) known.add(item.id);
  }
  single = out.text;
});
if (merged !== single) throw new Error('the batch and the changes one at a time gave different bytes');
const parse = time(() => parsePlan(merged));

const adds = changes.filter((c) => c.kind === 'add-item').length;
const rows = [
  ['batch (applyStructureChanges)', formatMs(median(batch)), formatMs(Math.min(...batch)), '1×'],
  [
    'one change at a time',
    formatMs(median(oneAtATime)),
    formatMs(Math.min(...oneAtATime)),
    formatRatio(median(oneAtATime) / median(batch)),
  ],
  ['one cold parse of the result', formatMs(median(parse)), formatMs(Math.min(...parse)), ''],
];
process.stdout.write(
  `example plan + 5 gap analyses: ${changes.length} changes (${adds} items), ${text.length} → ${merged.length} bytes, ${RUNS} runs\n\n`,
);
process.stdout.write(`${formatTable(['variant (CPU time)', 'median', 'min', 'vs batch'], rows)}\n`);
