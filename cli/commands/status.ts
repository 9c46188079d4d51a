// `tickmark status [PLAN] [--json]`: per plan and per phase, counted from the items (not the stated numbers).
import stringWidth from 'string-width';
import { parseCommandArgs, expectPositionals } from '../lib/args';
import { readPlans } from '../lib/read';

export const summary = 'Show done / in progress / remaining per plan and phase, counted from the items (--json)';

const USAGE = `Usage: tickmark status [PLAN] [--json] [--no-sync]

PLAN is a slug or a plan file; default every plan. Plans are synced from their files first (a no-op when
unchanged) unless --no-sync. Counts come from the items; the numbers a plan states are not trusted.`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, 'no-sync': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  expectPositionals(positionals, 0, 1, 'tickmark status [PLAN] [--json]');
  const { plans, errors, stated } = await readPlans({
    command: 'status',
    plan: positionals[0],
    sync: !values['no-sync'],
  });
  const out = { plans };
  if (values.json) {
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return 0;
  }
  if (!out.plans.length) {
    process.stdout.write('no plans yet: put *.md files in PLANS_DIR (default ./plans) and run tickmark sync\n');
    return 0;
  }
  const lines: string[] = [];
  for (const p of out.plans) {
    lines.push(`${p.slug}  ${p.path}`);
    if (errors[p.slug]) lines.push(`  ! ${errors[p.slug]} (showing the last good import)`);
    type Row = [string, { total: number; done: number; inProgress: number; remaining: number; percent: number }];
    const rows: Row[] = [
      ...p.phases.map((ph): Row => [ph.number !== null ? `Phase ${ph.number}: ${ph.name}` : ph.name, ph]),
      ['Total', p],
    ];
    // Padded to the width a terminal shows (CJK and emoji take two columns), not the string's length.
    const width = Math.max(5, ...rows.map(([l]) => stringWidth(l)));
    const padded = (label: string) => label + ' '.repeat(width - stringWidth(label));
    lines.push(
      `  ${padded('phase')}  ${'total'.padStart(5)} ${'done'.padStart(5)} ${'doing'.padStart(5)} ${'left'.padStart(5)}  percent`,
    );
    const statedCounts = stated[p.slug] ?? [];
    rows.forEach(([label, c], i) => {
      // The heading's own count, when it disagrees with the items: the drift the author should fix.
      const claim = statedCounts[i];
      const drift = claim != null && claim !== c.total ? `  (heading says ${claim})` : '';
      lines.push(
        `  ${padded(label)}  ${String(c.total).padStart(5)} ${String(c.done).padStart(5)} ${String(c.inProgress).padStart(5)} ${String(c.remaining).padStart(5)}  ${c.percent.toFixed(1).padStart(6)}%${drift}`,
      );
    });
    lines.push('');
  }
  process.stdout.write(lines.join('\n'));
  return 0;
}
