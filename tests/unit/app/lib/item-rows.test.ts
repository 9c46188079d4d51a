// The items page's rows travel in its data without repeats and are put back whole in the page (decision 060).
import { itemRows, type CompactItemRow } from '../../../../app/lib/item-rows';

const compact: CompactItemRow[] = [
  { key: 'CACHE-001', title: 'Thunder herd', status: 'done', version: 3, sectionKey: '1.1', description: 'locks' },
  { key: 'note-7', itemId: null, title: 'No ID', status: 'todo', version: 1, sectionKey: '1.1', optional: true },
  {
    key: 'X-2',
    itemId: 'X-2b',
    title: 'Nested',
    status: 'todo',
    version: 1,
    sectionKey: null,
    depth: 1,
    parent: 'X-1',
  },
];

it('puts back the ID, the optional flag, the description and the section title each row left out', () => {
  const rows = itemRows({ items: compact, sectionTitles: { '1.1': '1.1 Caching & co' } });
  expect(rows).toEqual([
    {
      key: 'CACHE-001',
      itemId: 'CACHE-001',
      title: 'Thunder herd',
      status: 'done',
      optional: false,
      version: 3,
      description: 'locks',
      section: '1.1 Caching & co',
      sectionKey: '1.1',
      depth: undefined,
      parent: undefined,
    },
    {
      key: 'note-7',
      itemId: null,
      title: 'No ID',
      status: 'todo',
      optional: true,
      version: 1,
      description: '',
      section: '1.1 Caching & co',
      sectionKey: '1.1',
      depth: undefined,
      parent: undefined,
    },
    {
      key: 'X-2',
      itemId: 'X-2b',
      title: 'Nested',
      status: 'todo',
      optional: false,
      version: 1,
      description: '',
      section: null,
      sectionKey: null,
      depth: 1,
      parent: 'X-1',
    },
  ]);
});
