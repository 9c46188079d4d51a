// The shaping half of the structure concurrency test (run in the test process and in a second process): each
// of its items is renamed, then moved to `target`, and the last one removed — all at once, one writer per item.
import type { Db } from '../../db/client';
import { applyStructure } from '../../sync/engine';

export interface Shaped {
  /** Key → the title it was given and the section it was moved to. */
  kept: Record<string, { title: string; section: string }>;
  removed: string[];
}

export async function shapeItems(
  db: Db,
  planId: number,
  plansDir: string,
  keys: string[],
  target: string,
  tag: string,
): Promise<Shaped> {
  const shaped: Shaped = { kept: {}, removed: [] };
  const opts = { source: 'ui' as const, actor: tag, plansDir };
  await Promise.all(
    keys.map(async (key, n) => {
      const title = `${tag} renamed ${key}`;
      await applyStructure(db, { id: planId }, [{ kind: 'edit-item', key, title }], opts);
      await applyStructure(db, { id: planId }, [{ kind: 'move-item', key, section: target }], opts);
      if (n === keys.length - 1) {
        await applyStructure(db, { id: planId }, [{ kind: 'remove-item', key }], opts);
        shaped.removed.push(key);
      } else shaped.kept[key] = { title, section: target };
    }),
  );
  return shaped;
}
