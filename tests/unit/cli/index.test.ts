import path from 'node:path';
import { lines, ROOT, tempDir, tickmark } from '../../helpers/cli';

describe('tickmark (dispatch)', () => {
  it('lists every command with its summary for help, --help and no command', async () => {
    const outputs = await Promise.all([tickmark(['help']), tickmark(['--help']), tickmark([])]);
    for (const r of outputs) {
      expect(r.code).toBe(0);
      for (const name of ['doctor', 'help', 'lint', 'parse', 'set'])
        expect(r.stdout).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
    }
    expect(outputs[1].stdout).toBe(outputs[0].stdout);
    expect(outputs[0].stdout).toMatch(/^ {2}set +Set an item to todo, in-progress, done or cancelled/m);
  });

  it('exits 2 with one line for an unknown command, suggesting a close one', async () => {
    const r = await tickmark(['lnt', 'x.md']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(lines(r.stderr)).toEqual([
      "tickmark: unknown command 'lnt' (did you mean 'lint'?); run 'tickmark help' for the list",
    ]);
    const far = await tickmark(['frobnicate']);
    expect(far.code).toBe(2);
    expect(lines(far.stderr)).toEqual(["tickmark: unknown command 'frobnicate'; run 'tickmark help' for the list"]);
  });

  it('exits 2 on an unknown option or a missing argument, pointing at the usage', async () => {
    const bad = await tickmark(['parse', '--bogus', 'x.md']);
    expect(bad.code).toBe(2);
    expect(lines(bad.stderr)[0]).toMatch(/^tickmark parse: Unknown option '--bogus'/);
    expect(lines(bad.stderr)[1]).toBe("run 'tickmark parse --help' for usage");
    const missing = await tickmark(['set', 'plan.md', 'CACHE-001']);
    expect(missing.code).toBe(2);
    expect(lines(missing.stderr)[0]).toBe(
      'tickmark set: missing arguments; usage: tickmark set FILE ITEM… STATUS [--dry-run] [--today YYYY-MM-DD] [--note TEXT] [--json]',
    );
  });

  it('shows a command usage through help COMMAND and COMMAND --help', async () => {
    const [a, b] = await Promise.all([tickmark(['help', 'set']), tickmark(['set', '--help'])]);
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(/^Usage: tickmark set FILE ITEM… STATUS/);
    expect(b.stdout).toBe(a.stdout);
  });

  it('prints a failure as one line, and the stack only with TICKMARK_DEBUG=1', async () => {
    const plain = await tickmark(['parse', 'no/such/plan.md']);
    expect(plain.code).toBe(1);
    expect(lines(plain.stderr)).toEqual(['tickmark parse: no/such/plan.md: no such file']);
    const debug = await tickmark(['parse', 'no/such/plan.md'], { TICKMARK_DEBUG: '1' });
    expect(debug.code).toBe(1);
    expect(lines(debug.stderr)[0]).toBe('tickmark parse: no/such/plan.md: no such file');
    expect(debug.stderr).toMatch(/\n\s+at /);
  });
});

describe('a plan named where its file is wanted', () => {
  const tmp = tempDir();

  it('points at the file in the plans folder that has that slug', async () => {
    const file = await tmp.write('My Plan.md', '# My plan\n\n- [ ] **A-001**: one\n');
    const env = { PLANS_DIR: path.dirname(file) };
    const r = await tickmark(['parse', 'my-plan'], env);
    expect(r.code).toBe(1);
    expect(lines(r.stderr)).toEqual([
      `tickmark parse: my-plan: no such file; did you mean ${path.relative(ROOT, file)}?`,
    ]);
    // No file of that slug, or a path (which names a file, not a plan): no guess.
    for (const arg of ['other-plan', 'nested/my-plan']) {
      const none = await tickmark(['parse', arg], env);
      expect(lines(none.stderr)).toEqual([`tickmark parse: ${arg}: no such file`]);
    }
  });
});
