// The structure forms' menus on a very large plan list one phase's sections, not all of them.
import { menuChoices, SECTION_MENU_LIMIT, type StructureChoices } from '../../../../app/lib/structure.server';

function choicesWith(sectionCount: number): StructureChoices {
  return {
    phases: [
      { key: 'p1', label: 'Phase 1: One' },
      { key: 'p2', label: 'Phase 2: Two' },
    ],
    sections: Array.from({ length: sectionCount }, (_, i) => ({
      key: `s${i}`,
      phaseKey: i % 2 ? 'p2' : 'p1',
      label: `${i} Section`,
      nextId: null,
    })),
  };
}

describe('menuChoices', () => {
  it('keeps every section of a plan of ordinary size', () => {
    const c = choicesWith(SECTION_MENU_LIMIT);
    expect(menuChoices(c, 'p1')).toEqual(c);
  });

  it('keeps only the given phase’s sections (none without a phase) beyond the limit, and every phase', () => {
    const c = choicesWith(SECTION_MENU_LIMIT + 1);
    const p2 = menuChoices(c, 'p2');
    expect(p2.phases).toEqual(c.phases);
    expect(p2.sections.length).toBe(Math.floor((SECTION_MENU_LIMIT + 1) / 2));
    expect(p2.sections.every((s) => s.phaseKey === 'p2')).toBe(true);
    expect(menuChoices(c, null).sections).toEqual([]);
  });
});
