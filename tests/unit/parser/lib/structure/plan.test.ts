// Structural changes written in each document's own conventions, and bad input refused with a clear message.
import { describe, expect, it } from 'vitest';
import { applyStructureChanges, StructureError, type StructureChange } from '../../../../../parser';

const today = '2026-12-01';
const run = (source: string, ...changes: StructureChange[]) => applyStructureChanges(source, changes, { today });
const refused = (source: string, change: StructureChange, code: string, knownIds?: string[]) => {
  try {
    applyStructureChanges(source, [change], { today, knownIds });
  } catch (error) {
    expect(error).toBeInstanceOf(StructureError);
    expect((error as StructureError).code).toBe(code);
    return (error as StructureError).message;
  }
  throw new Error('not refused');
};

const plan = [
  '# Plan',
  '',
  '## Phase 1: HIGH Priority Items (3 items)',
  '',
  '### 1.1 Caching',
  '',
  '- [x] **CACHE-001**: Herd - locks ✅',
  '- [ ] **CACHE-002**: Penetration - bloom filter',
  '',
  '### 1.2 Search',
  '',
  '- [ ] **SRCH-007**: Ranking',
  '',
  '## Phase 2: MEDIUM Priority Items (0 items)',
  '',
  '### 2.1 Later',
  '',
  '## Notes',
  '',
  'Free text.',
  '',
].join('\n');

describe('add item', () => {
  it('takes the next number of the section prefix, padded, in the sibling style, before the next heading', () => {
    const r = run(plan, { kind: 'add-item', section: 'Caching', title: 'Avalanche', description: 'jitter' });
    expect(r.outcomes[0]).toMatchObject({ key: 'CACHE-003', id: 'CACHE-003', line: 9 });
    expect(r.text).toContain(
      '- [ ] **CACHE-002**: Penetration - bloom filter\n- [ ] **CACHE-003**: Avalanche - jitter\n\n### 1.2',
    );
    expect(r.text).toContain('## Phase 1: HIGH Priority Items (4 items)');
  });

  it('never hands out an ID that existed (removed items included) and refuses a taken one', () => {
    const r = applyStructureChanges(plan, [{ kind: 'add-item', section: '1.1', title: 'X' }], {
      today,
      knownIds: ['CACHE-003', 'CACHE-004'],
    });
    expect(r.outcomes[0].id).toBe('CACHE-005');
    expect(
      refused(plan, { kind: 'add-item', section: '1.1', title: 'X', id: 'CACHE-004' }, 'id-taken', ['CACHE-004']),
    ).toMatch(/CACHE-004 is taken/);
    expect(refused(plan, { kind: 'add-item', section: '1.1', title: 'X', id: 'SRCH-007' }, 'id-taken')).toMatch(
      /taken/,
    );
  });

  it('writes a done item with the document check, after a given item, and into an empty section', () => {
    const r = run(
      plan,
      { kind: 'add-item', section: '1.1', title: 'First', status: 'done', after: 'CACHE-001' },
      { kind: 'add-item', section: '2.1', title: 'Later thing' },
    );
    expect(r.text).toContain(
      '- [x] **CACHE-001**: Herd - locks ✅\n- [x] **CACHE-003**: First ✅\n- [ ] **CACHE-002**',
    );
    // The empty section takes the phase's (or plan's) style and the prefix of the nearest items.
    expect(r.text).toContain('### 2.1 Later\n\n- [ ] **SRCH-008**: Later thing\n\n## Notes');
  });

  it('follows tabs, CRLF, BOM, blank-separated lists, numbered bullets, plain and bracketed IDs', () => {
    const tabs = '# T\n\n## Phase 1: Tabs\n\n### 1.1 A\n\n-\t[x]\tTAB-001: one\n-\t[ ]\tTAB-002: two\n';
    expect(run(tabs, { kind: 'add-item', section: '1.1', title: 'three' }).text).toContain('-\t[ ]\tTAB-003: three\n');

    const crlf = '\uFEFF# C\r\n\r\n### 1.1 A\r\n\r\n* [X] T009 one\r\n\r\n* [ ] T010 two\r\n';
    const c = run(crlf, { kind: 'add-item', section: '1.1', title: 'three' }).text;
    expect(c).toBe(
      '\uFEFF# C\r\n\r\n### 1.1 A\r\n\r\n* [X] T009 one\r\n\r\n* [ ] T010 two\r\n\r\n* [ ] T011 three\r\n',
    );

    const numbered = '# N\n\n### 1.1 A\n\n1. [ ] **[MET-AHA-011]** one\n2. [ ] **[MET-AHA-012]** two\n';
    expect(run(numbered, { kind: 'add-item', section: '1.1', title: 'three' }).text).toContain(
      '2. [ ] **[MET-AHA-012]** two\n3. [ ] **[MET-AHA-013]** three\n',
    );

    const dashes = '# D\n\n### 1.1 A\n\n- [ ] **M4-005** -- one\n';
    expect(run(dashes, { kind: 'add-item', section: '1.1', title: 'two' }).text).toContain('- [ ] **M4-006** -- two\n');
  });

  it('gives items no ID in a document without IDs, and keeps a file without a final line ending so', () => {
    const plain = '# P\n\n## Backend\n\n### Auth\n- [x] Login\n- [ ] Logout';
    const r = run(plain, { kind: 'add-item', section: 'auth', title: 'Reset password' });
    expect(r.text).toBe('# P\n\n## Backend\n\n### Auth\n- [x] Login\n- [ ] Logout\n- [ ] Reset password');
    expect(r.outcomes[0]).toMatchObject({ id: null, key: 'auth/reset-password' });
  });

  it('refuses bad input with a clear message and no text', () => {
    expect(refused(plan, { kind: 'add-item', section: '9.9', title: 'X' }, 'unknown-section')).toMatch(
      /No section "9.9"/,
    );
    expect(refused(plan, { kind: 'add-item', section: '1.1', title: '  ' }, 'empty-title')).toMatch(/empty/);
    expect(refused(plan, { kind: 'add-item', section: '1.1', title: 'a\nb' }, 'line-break')).toMatch(/one line/);
    expect(refused(plan, { kind: 'add-item', section: '1.1', title: 'a - b' }, 'bad-text')).toMatch(/description/);
    expect(refused(plan, { kind: 'add-section', phase: '7', title: 'X' }, 'unknown-phase')).toMatch(/No phase "7"/);
  });
});

describe('edit, move, remove', () => {
  it('edits only the title or the description', () => {
    const r = run(plan, { kind: 'edit-item', key: 'CACHE-001', title: 'Thundering herd' });
    expect(r.text).toContain('- [x] **CACHE-001**: Thundering herd - locks ✅\n');
    const d = run(plan, { kind: 'edit-item', key: 'SRCH-007', description: 'BM25 first' });
    expect(d.text).toContain('- [ ] **SRCH-007**: Ranking - BM25 first\n');
    const none = run(plan, { kind: 'edit-item', key: 'CACHE-002', description: '' });
    expect(none.text).toContain('- [ ] **CACHE-002**: Penetration\n');
  });

  it('moves an item with its nested lines to another section, re-indented, keeping ID and status', () => {
    const nested = [
      '# N',
      '',
      '### 1.1 A',
      '',
      '- [ ] **T-001**: root',
      '  - [x] **T-002**: child',
      '    continuation',
      '- [ ] **T-003**: other',
      '',
      '### 1.2 B',
      '',
      '- [ ] **T-004**: last',
      '',
    ].join('\n');
    const r = run(nested, { kind: 'move-item', key: 'T-001', section: '1.2' });
    expect(r.text).toBe(
      [
        '# N',
        '',
        '### 1.1 A',
        '',
        '- [ ] **T-003**: other',
        '',
        '### 1.2 B',
        '',
        '- [ ] **T-004**: last',
        '- [ ] **T-001**: root',
        '  - [x] **T-002**: child',
        '    continuation',
        '',
      ].join('\n'),
    );
    const last = r.model.items.find((i) => i.id === 'T-004')!;
    expect(r.model.items.find((i) => i.id === 'T-002')).toMatchObject({
      parentKey: 'T-001',
      phaseKey: last.phaseKey,
      status: 'done',
    });
    expect(
      refused(nested, { kind: 'move-item', key: 'T-001', section: '1.1', after: 'T-002' }, 'move-into-itself'),
    ).toMatch(/cannot move after itself or its own sub-items/);
  });

  it('moves to a phase (its last section) and back after a given item', () => {
    const r = run(plan, { kind: 'move-item', key: 'CACHE-002', phase: '2' });
    expect(r.text).toContain('### 2.1 Later\n\n- [ ] **CACHE-002**: Penetration - bloom filter\n\n## Notes');
    expect(r.text).toContain('## Phase 2: MEDIUM Priority Items (1 items)');
    const back = run(r.text, { kind: 'move-item', key: 'CACHE-002', section: '1.1', after: 'CACHE-001' });
    expect(back.text.replace(/\(\d+ items\)/g, '')).toBe(plan.replace(/\(\d+ items\)/g, ''));
  });

  it('removes an item with its lines and the blank line it brought', () => {
    const r = run(plan, { kind: 'remove-item', key: 'SRCH-007' });
    expect(r.text).toContain('### 1.2 Search\n\n## Phase 2');
    expect(r.model.items.map((i) => i.key)).toEqual(['CACHE-001', 'CACHE-002']);
  });
});

describe('sections and phases', () => {
  it('numbers a new section after the last (1.11 after 1.10) and renames one', () => {
    const ten = plan.replace('### 1.2 Search', '### 1.10 Search');
    const r = run(ten, { kind: 'add-section', phase: 'HIGH', title: 'Observability' });
    expect(r.outcomes[0]).toMatchObject({ key: '1.11' });
    expect(r.text).toContain('- [ ] **SRCH-007**: Ranking\n\n### 1.11 Observability\n\n## Phase 2');
    const renamed = run(plan, { kind: 'rename-section', section: '1.2', title: 'Search & AI' });
    expect(renamed.text).toContain('### 1.2 Search & AI\n');
  });

  it('adds a phase with the next number and a priority, in the heading pattern, before trailing notes', () => {
    const r = run(plan, { kind: 'add-phase', name: 'Nice to have', priority: 'low' });
    expect(r.outcomes[0]).toMatchObject({ key: 'phase-3' });
    expect(r.text).toContain('### 2.1 Later\n\n## Phase 3: Nice to have (LOW Priority - 0 items)\n\n## Notes');
    expect(r.model.phases[2]).toMatchObject({ number: 3, priority: 'LOW', statedCount: 0 });
    const withSection = run(r.text, { kind: 'add-section', phase: '3', title: 'Polish' });
    expect(withSection.text).toContain(
      '## Phase 3: Nice to have (LOW Priority - 0 items)\n\n### 3.1 Polish\n\n## Notes',
    );
  });
});

describe('numbered lists', () => {
  const numbered =
    '# N\n\n### 1.1 A\n\n1. [ ] **T-001** one\n2. [ ] **T-002** two\n3. [ ] **T-003** three\n\n### 1.2 B\n\n1. [ ] **T-004** four\n';

  it('keep counting 1, 2, 3 after an add in the middle, a remove, and a move out of and into them', () => {
    expect(run(numbered, { kind: 'add-item', section: '1.1', title: 'new', after: 'T-001' }).text).toContain(
      '1. [ ] **T-001** one\n2. [ ] **T-005** new\n3. [ ] **T-002** two\n4. [ ] **T-003** three\n',
    );
    expect(run(numbered, { kind: 'remove-item', key: 'T-002' }).text).toContain(
      '### 1.1 A\n\n1. [ ] **T-001** one\n2. [ ] **T-003** three\n\n',
    );
    const moved = run(numbered, { kind: 'move-item', key: 'T-001', section: '1.2' }).text;
    expect(moved).toContain('### 1.1 A\n\n1. [ ] **T-002** two\n2. [ ] **T-003** three\n');
    expect(moved).toContain('1. [ ] **T-004** four\n2. [ ] **T-001** one\n');
    // Add then remove gives the original bytes back.
    const added = run(numbered, { kind: 'add-item', section: '1.1', title: 'new', after: 'T-001' });
    expect(run(added.text, { kind: 'remove-item', key: 'T-005' }).text).toBe(numbered);
  });

  it('leave lists numbered otherwise as they are', () => {
    const lazy = numbered
      .replace('2. [ ] **T-002**', '1. [ ] **T-002**')
      .replace('3. [ ] **T-003**', '1. [ ] **T-003**');
    expect(run(lazy, { kind: 'remove-item', key: 'T-002' }).text).toContain(
      '1. [ ] **T-001** one\n1. [ ] **T-003** three\n',
    );
  });
});

describe('a new phase in the summary table', () => {
  const summary = [
    '# Plan',
    '',
    '| Phase | Total Items | Completed | In Progress | Remaining |',
    '|-------|-------------|-----------|-------------|-----------|',
    '| Phase 1 (HIGH) | 1 | 1 | 0 | 0 |',
    '| Phase 2 (MEDIUM) | 1 | 0 | 0 | 1 |',
    '| **TOTAL** | **2** | **1** | **0** | **1** |',
    '',
    '## Phase 1: HIGH Priority Items (1 items)',
    '',
    '- [x] **A-001**: one ✅',
    '',
    '## Phase 2: MEDIUM Priority Items (1 items)',
    '',
    '- [ ] **A-002**: two',
    '',
  ].join('\n');

  it('gets a row like the last phase row, renumbered, with its priority and zero counts, before the total', () => {
    const r = run(summary, { kind: 'add-phase', name: 'Polish', priority: 'low' });
    expect(r.text).toContain(
      '| Phase 2 (MEDIUM) | 1 | 0 | 0 | 1 |\n| Phase 3 (LOW) | 0 | 0 | 0 | 0 |\n| **TOTAL** | **2** |',
    );
    expect(r.outcomes[0]).toMatchObject({ key: 'phase-3', line: 18 });
    expect(r.model.summary?.rows.map((row) => row.phaseKey)).toEqual(['phase-1', 'phase-2', 'phase-3', null]);
    // No priority given: the row names the phase by its number alone.
    expect(run(summary, { kind: 'add-phase', name: 'Polish' }).text).toContain('\n| Phase 3 | 0 | 0 | 0 | 0 |\n');
  });

  it('keeps an aligned table aligned, and a table without phase rows as it is', () => {
    const aligned = summary
      .replace(
        '| Phase | Total Items | Completed | In Progress | Remaining |',
        '| Phase            | Total | Done | Doing | Left |',
      )
      .replace(
        '|-------|-------------|-----------|-------------|-----------|',
        '|------------------|-------|------|-------|------|',
      )
      .replace('| Phase 1 (HIGH) | 1 | 1 | 0 | 0 |', '| Phase 1 (HIGH)   | 1     | 1    | 0     | 0    |')
      .replace('| Phase 2 (MEDIUM) | 1 | 0 | 0 | 1 |', '| Phase 2 (MEDIUM) | 1     | 0    | 0     | 1    |');
    expect(run(aligned, { kind: 'add-phase', name: 'Polish', priority: 'LOW' }).text).toContain(
      '| Phase 2 (MEDIUM) | 1     | 0    | 0     | 1    |\n| Phase 3 (LOW)    | 0     | 0    | 0     | 0    |\n',
    );
    const noRows = summary.replace(/\| Phase [12] .*\n/g, '');
    const r = run(noRows, { kind: 'add-phase', name: 'Polish' });
    expect(r.text.split('\n').filter((l) => l.startsWith('|'))).toEqual(
      noRows.split('\n').filter((l) => l.startsWith('|')),
    );
  });
});

describe('bulk status', () => {
  it('sets many statuses as one pass with the bookkeeping once', () => {
    const r = run(
      plan,
      { kind: 'set-status', key: 'CACHE-002', status: 'done' },
      { kind: 'set-status', key: 'SRCH-007', status: 'in-progress' },
    );
    expect(r.text).toContain('- [x] **CACHE-002**: Penetration - bloom filter ✅\n');
    expect(r.text).toContain('- [/] **SRCH-007**: Ranking\n');
    expect(refused(plan, { kind: 'set-status', key: 'NOPE-1', status: 'done' }, 'unknown-item')).toMatch(
      /No item "NOPE-1"/,
    );
  });
});
