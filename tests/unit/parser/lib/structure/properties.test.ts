// Random sequences of add, edit, move, remove and status changes on the example plan, every fixture and every
// corpus file: after each step the text parses to what the changes say (titles, descriptions, statuses,
// sections), lines outside the touched item and the bookkeeping lines are byte-identical, and adding then
// removing an item gives back the original bytes (bookkeeping lines aside).
import { readFileSync } from 'node:fs';
import { PLAN_DOCUMENTS } from '../../../../helpers/paths';
import { describe, expect, it } from 'vitest';
import {
  applyStructureChanges,
  parsePlan,
  StructureError,
  type Item,
  type PlanModel,
  type StructureChange,
} from '../../../../../parser';

const fixtures = new URL('../../../../fixtures/', import.meta.url);
const files = PLAN_DOCUMENTS;

/** A small seeded PRNG (mulberry32): failures replay. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const lines = (s: string) => s.split('\n');

/** Line numbers (0-based) of the bookkeeping a change may rewrite. */
function bookkeepingLines(s: string, m: PlanModel): Set<number> {
  const out = new Set<number>();
  const lineOf = (offset: number) => s.slice(0, offset).split('\n').length - 1;
  const span = (a: number, b: number) => {
    for (let l = lineOf(a); l <= lineOf(Math.max(a, b - 1)); l++) out.add(l);
  };
  if (m.summary) span(m.summary.span.start, m.summary.span.end);
  if (m.lastUpdated) span(m.lastUpdated.span.start, m.lastUpdated.span.end);
  if (m.progress) span(m.progress.span.start, m.progress.span.end);
  for (const p of m.phases) span(p.heading.start, p.heading.end);
  if (m.log) span(m.log.heading.start, m.log.end);
  return out;
}

/** Lines of an item and everything nested or continued under it. */
function blockLines(m: PlanModel, s: string, item: Item): Set<number> {
  const out = new Set<number>();
  const all = s.split('\n');
  const first = item.line - 1;
  out.add(first);
  const lead = (l: string) => /^[ \t>]*/.exec(l)![0].replace(/\t/g, '    ').length;
  const own = lead(all[first]);
  for (let l = first + 1; l < all.length; l++) {
    if (/^[ \t>]*\r?$/.test(all[l])) continue;
    if (lead(all[l]) <= own) break;
    out.add(l);
  }
  void m;
  return out;
}

/** Myers-free line diff: common prefix and suffix, then an LCS of the middle. Returns changed line numbers. */
function changedLines(a: string[], b: string[]): { removed: number[]; added: number[] } {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);
  const L = Array.from({ length: x.length + 1 }, () => new Int32Array(y.length + 1));
  for (let i = x.length - 1; i >= 0; i--)
    for (let j = y.length - 1; j >= 0; j--)
      L[i][j] = x[i] === y[j] ? L[i + 1][j + 1] + 1 : Math.max(L[i + 1][j], L[i][j + 1]);
  const removed: number[] = [];
  const added: number[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length || j < y.length) {
    if (i < x.length && j < y.length && x[i] === y[j]) {
      i++;
      j++;
    } else if (j < y.length && (i === x.length || L[i][j + 1] >= L[i + 1][j])) added.push(head + j++);
    else removed.push(head + i++);
  }
  return { removed, added };
}

interface Expected {
  title: string;
  description: string;
  status: Item['status'];
  sectionKey: string | null;
}

function snapshot(m: PlanModel): Map<string, Expected> {
  return new Map(
    m.items.map((i) => [
      i.key,
      { title: i.title, description: i.description, status: i.status, sectionKey: i.sectionKey },
    ]),
  );
}

const today = '2026-12-01';

describe.each(files)('structure changes on %s', (file) => {
  const original = readFileSync(new URL(file, fixtures), 'utf8');

  it('keeps the model, the untouched bytes and the bookkeeping in step over random sequences', () => {
    for (let seed = 1; seed <= 4; seed++) {
      const rnd = random(seed * 7919 + file.length);
      const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
      let text = original;
      let model = parsePlan(text);
      let expected = snapshot(model);
      for (let step = 0; step < 8; step++) {
        const items = model.items.filter((i) => i.sectionKey !== null);
        const sections = model.sections.filter((x) => model.items.some((i) => i.sectionKey === x.key));
        if (!sections.length) return; // nothing structured to change (e.g. a plan without sections)
        const roll = rnd();
        let change: StructureChange;
        const n = `${seed}-${step}`;
        if (roll < 0.3 || !items.length) {
          change = { kind: 'add-item', section: pick(sections).key, title: `New task ${n}`, description: `why ${n}` };
        } else if (roll < 0.45) change = { kind: 'edit-item', key: pick(items).key, title: `Renamed ${n}` };
        else if (roll < 0.6) change = { kind: 'move-item', key: pick(items).key, section: pick(sections).key };
        else if (roll < 0.75) change = { kind: 'remove-item', key: pick(items).key };
        else
          change = { kind: 'set-status', key: pick(items).key, status: pick(['todo', 'done', 'in-progress'] as const) };

        let result;
        try {
          result = applyStructureChanges(text, [change], { today, model });
        } catch (error) {
          // Refusals are fine (e.g. an item whose nested children would not read back); wrong output is not.
          expect(error).toBeInstanceOf(StructureError);
          expect(applyStructureChanges(text, [], { today, model }).text).toBe(text);
          continue;
        }
        const after = result.model;
        expect(after).toEqual(parsePlan(result.text));
        const outcome = result.outcomes[0];

        // The model says what the change said.
        const next = new Map(expected);
        const touched = 'key' in change ? model.items.find((i) => i.key === change.key) : undefined;
        switch (change.kind) {
          case 'add-item':
            next.set(outcome.key!, {
              title: change.title,
              description: change.description ?? '',
              status: 'todo',
              sectionKey: change.section!,
            });
            break;
          case 'edit-item':
          case 'move-item': {
            const old = next.get(change.key)!;
            next.delete(change.key);
            for (const k of [...next.keys()]) if (k.startsWith(`${change.key}/`)) next.delete(k);
            const now = after.items.find((i) => i.key === outcome.key)!;
            next.set(outcome.key!, {
              ...old,
              ...(change.kind === 'edit-item' ? { title: change.title! } : { sectionKey: change.section! }),
            });
            // Sub-items travel along: take them as parsed, their own fields unchanged.
            for (const i of after.items)
              if (i.parentKey && isUnder(after, i, now.key)) next.set(i.key, snapshot(after).get(i.key)!);
            break;
          }
          case 'remove-item':
            for (const i of model.items) if (i.key === change.key || isUnder(model, i, change.key)) next.delete(i.key);
            break;
          case 'set-status':
            next.set(change.key, { ...next.get(change.key)!, status: change.status });
            break;
        }
        const got = snapshot(after);
        // Items without IDs are keyed by title: compare the content, keyed where keys are stable.
        expect([...got.values()].map((v) => JSON.stringify(v)).sort()).toEqual(
          [...next.values()].map((v) => JSON.stringify(v)).sort(),
        );

        // Only the touched item's lines, blank lines and bookkeeping lines change.
        const a = lines(text);
        const b = lines(result.text);
        const { removed, added } = changedLines(a, b);
        const okBefore = bookkeepingLines(text, model);
        const okAfter = bookkeepingLines(result.text, after);
        if (touched) for (const l of blockLines(model, text, touched)) okBefore.add(l);
        const landed = outcome.key ? after.items.find((i) => i.key === outcome.key) : undefined;
        if (landed) for (const l of blockLines(after, result.text, landed)) okAfter.add(l);
        // A line the diff sees leave one place and arrive at another (a neighbour passed by a move) is unchanged.
        const movedText = new Map<string, number>();
        for (const l of removed) movedText.set(a[l], (movedText.get(a[l]) ?? 0) + 1);
        const passed = new Set<string>();
        for (const l of added) if ((movedText.get(b[l]) ?? 0) > 0 && !okAfter.has(l)) passed.add(b[l]);
        // A numbered list the change touched is numbered in order again: a line whose only change is its ordinal.
        const ordinal = /^([ \t>]*)\d+([.)] )/;
        const unnumbered = (line: string) => (ordinal.test(line) ? line.replace(ordinal, '$1#$2') : null);
        const renumberedFrom = new Set(removed.map((l) => unnumbered(a[l])).filter((x) => x !== null));
        const renumberedTo = new Set(added.map((l) => unnumbered(b[l])).filter((x) => x !== null));
        const renumbered = (line: string, other: Set<string | null>) => other.has(unnumbered(line));
        const stray = [
          ...removed
            .filter((l) => !okBefore.has(l) && a[l].trim() !== '' && !passed.has(a[l]))
            .filter((l) => !renumbered(a[l], renumberedTo))
            .map((l) => `-${l + 1}: ${a[l]}`),
          ...added
            .filter((l) => !okAfter.has(l) && b[l].trim() !== '' && !passed.has(b[l]))
            .filter((l) => !renumbered(b[l], renumberedFrom))
            .map((l) => `+${l + 1}: ${b[l]}`),
        ];
        expect(stray, `${file} seed ${seed} step ${step} ${JSON.stringify(change)}`).toEqual([]);

        text = result.text;
        model = after;
        expected = got;
      }
    }
  });

  it('add then remove of the same item gives back the original bytes, bookkeeping lines aside', () => {
    const model = parsePlan(original);
    const mask = (s: string, m: PlanModel) => {
      const bk = bookkeepingLines(s, m);
      return lines(s)
        .map((l, i) => (bk.has(i) ? '<bookkeeping>' : l))
        .join('\n');
    };
    for (const section of model.sections.slice(0, 12)) {
      const added = applyStructureChanges(original, [{ kind: 'add-item', section: section.key, title: 'Probe' }], {
        today,
        model,
      });
      const key = added.outcomes[0].key!;
      const back = applyStructureChanges(added.text, [{ kind: 'remove-item', key }], { today, model: added.model });
      expect(mask(back.text, back.model), `section ${section.key}`).toBe(mask(original, model));
    }
  });
});

function isUnder(m: PlanModel, item: Item, ancestor: string): boolean {
  for (let p = item.parentKey; p !== null; p = m.items.find((x) => x.key === p)?.parentKey ?? null) {
    if (p === ancestor) return true;
  }
  return false;
}
