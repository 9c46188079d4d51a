#!/usr/bin/env node
// The CLI is TypeScript run from its sources, so `npx tickmark` works right after `npm ci` with no build step.
// bin/typescript-hooks.mjs compiles each source once and keeps it (decision 045): a start costs ~0.1 s, not
// the ~0.4 s of loading tsx and esbuild every time.
import { register } from 'node:module';

register('./typescript-hooks.mjs', import.meta.url);
// Stack traces (TICKMARK_DEBUG=1) point into the .ts sources through the compiled files' inline source maps.
if (process.env.TICKMARK_DEBUG === '1') process.setSourceMapsEnabled(true);
await import('../cli/index.ts');
