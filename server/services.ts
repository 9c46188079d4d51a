// The server-side services the dashboard's loaders and actions use (see app/context.ts): the one database
// client, the write-back engine, mojibake repair and change notifications. Engine errors become plain
// results here, so the Remix bundle never needs `instanceof` on classes from another module graph.
import path from 'node:path';
import type { Db } from '../db/client';
import { getPlanBySlug } from '../db/queries/dashboard';
import { onPlanChanged, emitPlanChanged } from '../sync/events';
import type { ItemStatus, SetStatusResult, TickmarkServices } from '../app/context';
import { sync, parser, readPlan, writeAtomic } from './modules';

export function createServices(db: Db, plansDir: string): TickmarkServices {
  return {
    db,
    plansDir,
    onPlanChanged,

    async setStatus(slug, key, status, opts): Promise<SetStatusResult> {
      const engine = await sync.engine();
      try {
        const result = await engine.setStatus(db, { slug }, key, status, {
          actor: opts.actor,
          source: 'ui',
          expectedVersion: opts.expectedVersion,
        });
        return { ok: true, version: result.version, status: (result.item?.status ?? status) as ItemStatus };
      } catch (error) {
        const name = (error as Error | null)?.name ?? '';
        const message = error instanceof Error ? error.message : String(error);
        if (error instanceof engine.VersionConflictError || name === 'VersionConflictError') {
          return { ok: false, reason: 'conflict', current: currentOf(error), message };
        }
        if (error instanceof engine.UnknownItemError || name === 'UnknownItemError') {
          return { ok: false, reason: 'unknown-item', message };
        }
        console.error(`setStatus ${slug} ${key} → ${status} failed:`, error);
        return { ok: false, reason: 'failed', message };
      }
    },

    async repairMojibake(slug) {
      const plan = await getPlanBySlug(db, slug);
      if (!plan) return { ok: false, message: `No plan '${slug}'.` };
      const file = resolveInside(plansDir, plan.path);
      if (!file) return { ok: false, message: `The plan's path ${plan.path} is outside PLANS_DIR; refusing to write it.` };
      const p = await parser();
      const { source } = await readPlan(file);
      const repaired = p.repairMojibake(source);
      if (repaired === source) return { ok: true, changed: false };
      await writeAtomic(file, repaired);
      const importer = await sync.importer();
      await importer.syncPlan(db, file);
      emitPlanChanged({ planId: plan.id, slug, source: 'ui' });
      return { ok: true, changed: true };
    },
  };
}

/** The conflicting item's current state, as the engine's error carries it (field names vary a little). */
function currentOf(error: unknown): { status: ItemStatus; version: number } | null {
  const e = error as Record<string, unknown>;
  const candidate = (e.current ?? e.item ?? e.actual ?? null) as Record<string, unknown> | null;
  if (candidate && typeof candidate.status === 'string' && typeof candidate.version === 'number') {
    return { status: candidate.status as ItemStatus, version: candidate.version };
  }
  if (typeof e.currentStatus === 'string' && typeof e.currentVersion === 'number') {
    return { status: e.currentStatus as ItemStatus, version: e.currentVersion };
  }
  return null;
}

/** The absolute path of a plan file, or null when it would leave PLANS_DIR. */
export function resolveInside(plansDir: string, planPath: string): string | null {
  const root = path.resolve(plansDir);
  const abs = path.resolve(root, planPath);
  const rel = path.relative(root, abs);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return null;
  return abs;
}
