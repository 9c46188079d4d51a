// What the page shows while a structure change is on its way: the rows as the change will leave them, as far
// as the page can know (blocks with their nested rows move as one; an edge item stays put; other sections untouched).
import { optimisticRows, pendingStructure, type OptimisticRow } from '../../../../app/lib/optimistic-structure';

const row = (key: string, sectionKey: string, depth = 0): OptimisticRow => ({
  key,
  sectionKey,
  depth,
  status: 'todo',
  title: `Title ${key}`,
  description: '',
});

/** 1.1: A (with A1, A2 nested under it), B, C; 1.2: D. */
const rows = [
  row('A', '1.1'),
  row('A1', '1.1', 1),
  row('A2', '1.1', 2),
  row('B', '1.1'),
  row('C', '1.1'),
  row('D', '1.2'),
];

function sent(fields: Record<string, string>, keys: string[] = []) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.set(k, v);
  for (const k of keys) fd.append('keys', k);
  return pendingStructure(fd);
}

const order = (xs: { key: string }[]) => xs.map((x) => x.key);

describe('pendingStructure', () => {
  it('reads a form submission, and nothing when nothing is sent', () => {
    expect(pendingStructure(undefined)).toBeNull();
    expect(pendingStructure(new FormData())).toBeNull();
    expect(sent({ intent: 'bulk-status', status: 'done' }, ['A', 'B'])).toEqual({
      intent: 'bulk-status',
      values: { intent: 'bulk-status', status: 'done' },
      keys: ['A', 'B'],
    });
  });
});

describe('optimisticRows', () => {
  it('moves an item down past its next sibling, taking its nested rows along', () => {
    const shown = optimisticRows(rows, sent({ intent: 'move-down', key: 'A' }));
    expect(order(shown)).toEqual(['B', 'A', 'A1', 'A2', 'C', 'D']);
    expect(shown.find((r) => r.key === 'A')!.pending).toBe('moving');
  });

  it('moves an item up past its previous sibling and its nested rows', () => {
    expect(order(optimisticRows(rows, sent({ intent: 'move-up', key: 'B' })))).toEqual([
      'B',
      'A',
      'A1',
      'A2',
      'C',
      'D',
    ]);
  });

  it('leaves the first item of a section where it is for up, the last for down (the server refuses those)', () => {
    expect(order(optimisticRows(rows, sent({ intent: 'move-up', key: 'A' })))).toEqual(order(rows));
    expect(order(optimisticRows(rows, sent({ intent: 'move-down', key: 'C' })))).toEqual(order(rows));
    expect(order(optimisticRows(rows, sent({ intent: 'move-up', key: 'D' })))).toEqual(order(rows));
  });

  it('moves a nested item only among the rows nested with it', () => {
    const nested = [row('A', '1.1'), row('A1', '1.1', 1), row('A2', '1.1', 1), row('B', '1.1')];
    expect(order(optimisticRows(nested, sent({ intent: 'move-down', key: 'A1' })))).toEqual(['A', 'A2', 'A1', 'B']);
    expect(order(optimisticRows(nested, sent({ intent: 'move-down', key: 'A2' })))).toEqual(order(nested));
  });

  it('hides a removed item with its nested rows', () => {
    expect(order(optimisticRows(rows, sent({ intent: 'remove-item', key: 'A', confirm: 'yes' })))).toEqual([
      'B',
      'C',
      'D',
    ]);
  });

  it('shows a selection’s new status and an edit’s new text, marked as saving', () => {
    const bulk = optimisticRows(rows, sent({ intent: 'bulk-status', status: 'done' }, ['B', 'D']));
    expect(bulk.map((r) => `${r.key}:${r.status}:${r.pending ?? ''}`)).toEqual([
      'A:todo:',
      'A1:todo:',
      'A2:todo:',
      'B:done:saving',
      'C:todo:',
      'D:done:saving',
    ]);
    const edit = optimisticRows(rows, sent({ intent: 'edit-item', key: 'C', title: 'New', description: 'why' }));
    expect(edit.find((r) => r.key === 'C')).toMatchObject({ title: 'New', description: 'why', pending: 'saving' });
  });

  it('marks items moved elsewhere as moving without guessing where they land, and ignores other forms', () => {
    const moved = optimisticRows(rows, sent({ intent: 'bulk-move', to: 'section:1.2' }, ['A', 'C']));
    expect(order(moved)).toEqual(order(rows));
    expect(moved.filter((r) => r.pending).map((r) => r.key)).toEqual(['A', 'C']);
    expect(optimisticRows(rows, sent({ intent: 'add-section', phase: 'p1', title: 'X' }))).toBe(rows);
  });
});
