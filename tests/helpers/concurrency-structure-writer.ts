// A server process for tests/db/sync/concurrency-structure.test.ts: adds items with titles of its own to
// random sections of one plan through the engine, several writers at once, and (given items and a target
// section) renames, moves and removes those items meanwhile. Prints {added, shaped}.
import path from 'node:path';
import { closeDb, getDb } from '../../db/client';
import { applyStructure } from '../../sync/engine';
import { shapeItems } from './shape-items';

const [file, planId, sectionsArg, countArg, tag, shapeArg = '', target = ''] = process.argv.slice(2);
const sections = sectionsArg.split(',');
const db = await getDb();
const added: string[] = [];
const adding = Promise.all(
  Array.from({ length: 4 }, async (_, w) => {
    for (let n = 0; n < Number(countArg); n++) {
      const title = `Added by ${tag} writer ${w} number ${n}`;
      await applyStructure(
        db,
        { id: Number(planId) },
        [{ kind: 'add-item', section: sections[(w + n) % sections.length], title }],
        { source: 'ui', actor: tag, plansDir: path.dirname(file) },
      );
      added.push(title);
    }
  }),
);
const shaping = shapeArg
  ? shapeItems(db, Number(planId), path.dirname(file), shapeArg.split(','), target, tag)
  : Promise.resolve({ kept: {}, removed: [] });
const [, shaped] = await Promise.all([adding, shaping]);
await closeDb();
process.stdout.write(`${JSON.stringify({ added, shaped })}\n`);
process.exit(0);
