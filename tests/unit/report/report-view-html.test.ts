// The Reports page's static parts are strings of HTML built with the loader's memo (app/components/
// ReportViewHtml.ts, decision 055): whatever a plan's text holds reaches the page as text, never as markup, and
// the strings carry what the page's tests and styles look for (test ids, the selected week, the steps).
import { reportPageView, weekOptionsHtml } from '../../../app/components/ReportViewHtml';
import { buildReport, type PeriodEvent, type ReportInput } from '../../../report/model';
import { weekContaining } from '../../../report/weeks';

const HOSTILE = `<img src=x onerror="alert('x')"> & "quoted"`;

function event(key: string, over: Partial<PeriodEvent> = {}): PeriodEvent {
  return {
    key,
    itemId: key.toUpperCase(),
    title: `Item ${key}`,
    phaseKey: 'p1',
    sectionKey: 's1',
    fromStatus: 'todo',
    toStatus: 'done',
    day: '2026-07-01',
    source: 'ui',
    actor: 'alice',
    ...over,
  };
}

function input(events: PeriodEvent[]): ReportInput {
  return {
    plan: { slug: 'p', title: 'P', path: 'p.md', targetDate: null },
    range: weekContaining('2026-07-01'),
    options: { weekStart: 1, timeZone: 'UTC' },
    phases: [{ key: 'p1', name: `Phase <1> & "one"` }],
    sections: [{ key: 's1', title: `Section ${HOSTILE}` }],
    statusAsOf: [
      { phaseKey: 'p1', status: 'done', n: 2 },
      { phaseKey: 'p1', status: 'todo', n: 3 },
    ],
    transitions: [],
    events,
    diagnostics: [{ severity: 'warning', code: 'W1', message: `Drift ${HOSTILE}`, line: 7 }],
    diagnosticChanges: [],
    diagnosticsSince: null,
  };
}

const choices = {
  document: [
    { value: 'Week 1', label: 'Week 1 (2026-06-29 – 2026-07-05)', usable: true },
    { value: `Week "2"`, label: `Week "2" <undated>`, usable: false },
  ],
  calendar: [
    { value: '2026-W28', label: '2026-W28 (2026-07-06 – 2026-07-12)', usable: true },
    { value: '2026-W27', label: '2026-W27 (2026-06-29 – 2026-07-05)', usable: true },
  ],
  today: '2026-07-08',
};

describe('the report page as HTML strings', () => {
  const report = buildReport(
    input([event('a', { title: HOSTILE, actor: `bob "the" <builder>`, note: HOSTILE }), event('b')]),
  );
  const built = reportPageView({ ok: true, report, hash: 'h' }, choices, {
    selection: { week: '2026-W27' },
    weekStart: 1,
  });
  if (!built.page.ok) throw new Error('the report should be shown');
  const v = built.page.view;
  const all = [v.statsHtml, v.completedHtml, v.changesHtml, v.phasesHtml, v.historyHtml, v.healthHtml].join('');

  it('escapes every value the plan supplies: titles, actors, notes, sections, phases, diagnostics', () => {
    expect(all).not.toContain('<img');
    expect(all).not.toContain('<builder>');
    expect(all).not.toContain('<1>');
    expect(v.completedHtml).toContain(
      '&#60;img src=x onerror=&#34;alert(&#39;x&#39;)&#34;&#62; &#38; &#34;quoted&#34;',
    );
    expect(v.completedHtml).toContain('bob &#34;the&#34; &#60;builder&#62; (dashboard)');
    expect(v.phasesHtml).toContain('Phase &#60;1&#62; &#38; &#34;one&#34;');
    expect(v.healthHtml).toContain('Drift &#60;img');
    // Every tag opened is closed (no value broke out of its element or attribute).
    for (const tag of ['div', 'ul', 'li', 'span', 'table', 'tr', 'td', 'th', 'p', 'h3', 'h4', 'details']) {
      const opened = all.match(new RegExp(`<${tag}[ >]`, 'g'))?.length ?? 0;
      expect(all.match(new RegExp(`</${tag}>`, 'g'))?.length ?? 0, tag).toBe(opened);
    }
  });

  it('keeps what the page is read by: test ids, counts, grouping, the forecast line', () => {
    expect(v.title).toBe('2026-W27 (2026-06-29 – 2026-07-05)');
    expect(v.completedHtml).toContain('<h3 id="completed-h">Completed (2)</h3><div data-testid="completed">');
    expect(v.completedHtml).toContain('<span class="mono report-id">B</span> Item b <span class="muted small">');
    expect(v.completedHtml.match(/<li>/g)).toHaveLength(2);
    expect(v.statsHtml).toContain('data-testid="done-this-week"');
    expect(v.statsHtml).toContain('data-testid="forecast"');
    for (const id of ['changes-started', 'changes-removed', 'phase-table', 'history-table', 'health-open'])
      expect(all).toContain(`data-testid="${id}"`);
    expect(v.historyHtml).toContain('10,000 trials');
    expect(v.steps).toEqual({ previous: '2026-W26', next: '2026-W28' });
  });

  it("selects the shown week in the picker's options, disables undated document weeks, escapes labels", () => {
    expect(built.options).toContain('<option value="2026-W27" selected="">');
    expect(built.options.match(/selected=""/g)).toHaveLength(1);
    expect(built.options).toContain(
      '<option value="Week &#34;2&#34;" disabled="">Week &#34;2&#34; &#60;undated&#62;</option>',
    );
    expect(built.options).toContain('<optgroup label="The document&#39;s weeks">');
    expect(weekOptionsHtml({ ...choices, document: [] }, '', 7)).toMatch(/^<optgroup label="Weeks with changes">/);
  });

  it('offers no next week when it starts after today, and no steps for a range', () => {
    const now = reportPageView(
      { ok: true, report, hash: null },
      { ...choices, today: '2026-07-05' },
      {
        selection: {},
        weekStart: 1,
      },
    );
    expect(now.page.ok && now.page.view.steps).toEqual({ previous: '2026-W26', next: null });
    const range = buildReport({
      ...input([]),
      range: { ...input([]).range, kind: 'range', id: '2026-07-01..2026-07-02' },
    });
    const ranged = reportPageView({ ok: true, report: range, hash: null }, choices, { selection: {}, weekStart: 1 });
    expect(ranged.page.ok && ranged.page.view.steps).toBeNull();
    expect(ranged.options).not.toContain('selected');
  });
});
