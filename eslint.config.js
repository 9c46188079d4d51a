// Lint: typescript-eslint's recommended rules, React hooks, and the layering the README draws
// (docs/design.md, "Layers"): each room imports only the rooms below it, and the parser only through its entry.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const parserInternals = {
  group: ['**/parser/lib/*', '**/parser/lib'],
  message: 'Import the parser through parser/index.ts.',
};
const room = (name, why) => ({ group: [`**/${name}/*`, `**/${name}`, `!**/${name}/*.css`], message: why });
const cli = room('cli', 'cli/ is a face: nothing below it or beside it imports it.');
const server = room('server', 'server/ is a face: nothing below it or beside it imports it.');
// `tickmark serve` starts the server through its entry, server/main.ts: that is its public face, not an internal.
const serverInternals = { ...server, group: ['**/server/*', '!**/server/main'] };
const app = room('app', 'app/ is a face: nothing below it or beside it imports it.');
// The faces never write SQL: they call a db/queries function (types from the schema are fine).
const noSql = {
  group: ['drizzle-orm', 'drizzle-orm/*', '**/db/schema'],
  allowTypeImports: true,
  message: 'SQL lives in db/: call (or add) a db/queries function.',
};
// sync/ decides and writes files; its SQL is a db/ function (types from the schema are fine).
const noSyncSql = { ...noSql, message: 'SQL lives in db/: call (or add) a db/queries read or a db/writes write.' };
const sync = room('sync', 'sync/ sits above db/ and parser/: they never import it.');

/** A restricted-imports rule for the files of one room. */
const layer = (files, patterns) => ({ files, rules: { 'no-restricted-imports': ['error', { patterns }] } });

export default tseslint.config(
  { ignores: ['build/', 'public/build/', '.cache/', '.tickmark/', 'test-results/', 'node_modules/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['app/**/*.tsx', 'app/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  layer(
    ['parser/**'],
    [
      {
        group: ['**/db/*', '**/db', '**/sync/*', '**/sync', '**/cli/*', '**/server/*', '**/app/*'],
        message: 'parser/ is pure: it imports nothing of ours.',
      },
    ],
  ),
  // report/ is pure like the parser (week arithmetic, the forecast, the report's text): every room may use it.
  // It may use the parser's entry (pure too) for the one percent rule (decision 042).
  layer(
    ['report/**'],
    [
      parserInternals,
      { group: ['**/db/*', '**/db', '**/sync/*', '**/sync'], message: 'report/ is pure.' },
      cli,
      server,
      app,
    ],
  ),
  layer(['db/**'], [parserInternals, sync, cli, server, app]),
  layer(['sync/**'], [parserInternals, cli, server, app, noSyncSql]),
  layer(['cli/**'], [parserInternals, serverInternals, app, noSql]),
  layer(['server/**'], [parserInternals, cli, noSql]),
  layer(['app/**'], [parserInternals, cli, noSql]),
  // Every test goes through parser/index.ts like the code it tests; white-box tests of the parser's internals
  // live beside them in parser/lib/*.test.ts and may use the shared fixtures and plan generator.
  layer(['tests/**'], [parserInternals]),
  {
    files: ['parser/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/db/*', '**/sync/*', '**/cli/*', '**/server/*', '**/app/*'],
              message: 'parser tests test the parser alone.',
            },
          ],
        },
      ],
    },
  },
);
