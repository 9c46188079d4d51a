#!/usr/bin/env node
// The CLI is TypeScript run from its sources, so `npx tickmark` works right after `npm ci` with no build step.
// A start runs the sources' kept compiled tree (bin/compiled-tree.mjs, decision 051), built when a source
// changed, with no module hooks; `serve`, which lives long, and a start that cannot build the tree compile
// each source through bin/typescript-hooks.mjs instead (decision 045).
import { register } from 'node:module';

// Stack traces (TICKMARK_DEBUG=1) point into the .ts sources through the compiled files' inline source maps.
if (process.env.TICKMARK_DEBUG === '1') process.setSourceMapsEnabled(true);
const tree = process.argv[2] === 'serve' ? null : await (await import('./compiled-tree.mjs')).compiledTree();
if (tree) {
  globalThis[Symbol.for('tickmark.compiledTree')] = tree;
  await import(new URL('cli/index.js', tree).href);
} else {
  register('./typescript-hooks.mjs', import.meta.url);
  await import('../cli/index.ts');
}
