// Titles are shown as plain text without their bold markers, but inline code keeps its text exactly.
import { parsePlan } from '../../../parser/index';

it('keeps `__init__.py` in inline code and strips bold elsewhere', () => {
  const m = parsePlan('# P\n\n- [ ] **PY-001**: Add `__init__.py` and **bold** files - keep `**x**` as is\n');
  expect(m.items.map((i) => [i.title, i.description])).toEqual([
    ['Add `__init__.py` and bold files', 'keep `**x**` as is'],
  ]);
});
