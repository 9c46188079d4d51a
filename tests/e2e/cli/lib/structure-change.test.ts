// The structure commands beside the running dashboard on its embedded database (issue 11): each is handed
// to the server (cli/lib/structure-change.ts, /api/cli/structure), prints the resulting ID, key and line with
// --json, and the dashboard knows the change at once; bad input is one clear line and writes nothing.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { tickmark, type CliResult } from '../../../helpers/cli';
import { buildApp, ROOT, startServer, type RunningServer } from '../../../helpers/server';

const FIXTURE = path.join(ROOT, 'tests/fixtures/e2e/shape-plan.md');
// With a PostgreSQL server every process opens the database itself: nothing is handed over (the server's own
// database would be PostgreSQL while the CLI's DATABASE_URL='' points at an embedded one nobody holds).
const onServer = !!process.env.DATABASE_URL;

let scratch: string;
let file: string;
let server: RunningServer;
let env: Record<string, string>;

beforeAll(async () => {
  if (onServer) return;
  buildApp();
  scratch = mkdtempSync(path.join(tmpdir(), 'tickmark-structure-handover-'));
  const plansDir = path.join(scratch, 'plans');
  mkdirSync(plansDir);
  file = path.join(plansDir, 'shape-plan.md');
  copyFileSync(FIXTURE, file);
  server = await startServer({ plansDir, env: { DATABASE_URL: '' } });
  // The CLI gets the dashboard's own settings: it finds the embedded database held and hands over.
  env = { ...server.env, DATABASE_URL: '' };
}, 240_000);

afterAll(async () => {
  await server?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

const shown = (r: CliResult) => `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;

async function json(args: string[]): Promise<{
  plan: string | null;
  changes: { kind: string; key?: string; id?: string | null; line?: number | null }[];
}> {
  const r = await tickmark([...args, '--json'], env);
  expect(r.code, shown(r)).toBe(0);
  return JSON.parse(r.stdout);
}

/** The 1-based line of the file holding `text`. */
const lineOf = (text: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .findIndex((l) => l.includes(text)) + 1;

/** The dashboard's own item page (its database, not the file): the title it shows. */
async function dashboardTitle(key: string): Promise<string | null> {
  const r = await fetch(`${server.url}/plans/shape-plan/items/${encodeURIComponent(key)}`);
  if (r.status !== 200) return null;
  return /<h2>([^<]*)<\/h2>/.exec(await r.text())?.[1] ?? null;
}

it.skipIf(onServer)(
  'adds, edits, moves and removes through the dashboard, printing ID, key and line',
  async () => {
    const added = await json(['add', file, '--section', 'Search', 'Vector search - embeddings']);
    expect(added.changes).toEqual([
      { kind: 'add-item', key: 'SRCH-002', id: 'SRCH-002', line: lineOf('**SRCH-002**: Vector search - embeddings') },
    ]);
    expect(added.plan).toBe('shape-plan');
    expect(await dashboardTitle('SRCH-002')).toBe('Vector search');
    // Without --json the line says who wrote it: the dashboard, not the CLI beside it.
    const described = await tickmark(['edit', file, 'SRCH-002', '--description', 'embeddings, ANN'], env);
    expect(described.stdout.trim()).toBe(
      `${file}:${lineOf('**SRCH-002**')}: edited SRCH-002 (recorded in plan shape-plan, by the dashboard at ${server.url})`,
    );

    const edited = await json(['edit', file, 'SRCH-002', '--title', 'Semantic search']);
    expect(edited.changes).toMatchObject([
      { kind: 'edit-item', key: 'SRCH-002', line: lineOf('**SRCH-002**: Semantic') },
    ]);
    expect(await dashboardTitle('SRCH-002')).toBe('Semantic search');

    const moved = await json(['move', file, 'SRCH-002', '--phase', '2']);
    expect(moved.changes).toMatchObject([{ kind: 'move-item', key: 'SRCH-002', line: lineOf('**SRCH-002**') }]);
    expect(readFileSync(file, 'utf8')).toContain(
      '- [ ] **LATER-001**: Someday - when there is time\n- [ ] **SRCH-002**: Semantic search - embeddings, ANN',
    );

    const section = await json(['add-section', file, '--phase', '2', 'Observability']);
    expect(section.changes).toMatchObject([{ kind: 'add-section', line: lineOf('### 2.2 Observability') }]);
    const phase = await json(['add-phase', file, 'Polish', '--priority', 'low']);
    expect(phase.changes).toMatchObject([{ kind: 'add-phase', line: lineOf('## Phase 3: Polish') }]);

    const removed = await json(['remove', file, 'SRCH-002']);
    // What was removed, with no line any more.
    expect(removed.changes).toEqual([{ kind: 'remove-item', key: 'SRCH-002', id: 'SRCH-002', line: null }]);
    expect(readFileSync(file, 'utf8')).not.toContain('SRCH-002');
    // Kept by the dashboard as removed, with its history; its ID is retired.
    const page = await (await fetch(`${server.url}/plans/shape-plan/items/SRCH-002`)).text();
    expect(page).toContain('This item is no longer in the document; its history is kept.');
    const again = await json(['add', file, '--section', '1.2', 'Facets']);
    expect(again.changes).toMatchObject([{ kind: 'add-item', id: 'SRCH-003' }]);
  },
  120_000,
);

it.skipIf(onServer)(
  'refuses bad input handed over with one clear line, writing nothing',
  async () => {
    const before = readFileSync(file, 'utf8');
    const cases: [string[], RegExp][] = [
      [['add', file, '--section', '7.7', 'X'], /No section "7.7"/],
      [['add', file, '--section', '1.1', 'X', '--id', 'CACHE-001'], /CACHE-001 is taken/],
      [['add', file, '--section', '1.1', 'X', '--id', 'SRCH-002'], /SRCH-002 is taken/],
      [['add', file, '--section', '1.1', ' '], /The title is empty/],
      [['move', file, 'NOPE-001', '--section', '1.1'], /NOPE-001/],
      [['add-section', file, '--phase', '9', 'X'], /No phase "9"/],
    ];
    for (const [args, message] of cases) {
      const r = await tickmark(args, env);
      expect(r.code, `${args.join(' ')}\n${shown(r)}`).toBeGreaterThan(0);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(readFileSync(file, 'utf8')).toBe(before);
  },
  120_000,
);
