// The server-side services the dashboard's loaders and actions use (see app/context.ts): the one database
// client, the write-back engine, mojibake repair and change notifications. Engine errors become plain
// results here, so the Remix bundle never needs `instanceof` on classes from another module graph.
import path from 'node:path';
import { DatabaseUnavailableError, type Db } from '../db/client';
import { getPlanBySlug } from '../db/queries/plans';
import { onPlanChanged, emitPlanChanged } from '../sync/events';
import type { ItemStatus, SetStatusResult, TickmarkServices } from '../app/context';
import { writePlanIfUnchanged } from '../cli/lib/plan-file';
import { readPlanFile } from '../cli/lib/read-plan-file';
import { repairMojibake } from '../parser/index';
import { setStatus, UnknownItemError, VersionConflictError } from '../sync/engine';
import { syncPlan } from '../sync/import';

export function createServices(db: Db, plansDir: string): TickmarkServices {
  return {
    db,
    plansDir,
    onPlanChanged,

    async setStatus(slug, key, status, opts): Promise<SetStatusResult> {
      // The dashboard writes only files inside PLANS_DIR (a plan tracked by path from elsewhere is read-only here).
      const plan = await getPlanBySlug(db, slug);
      if (!plan) return { ok: false, reason: 'unknown-item', message: `No plan '${slug}'.` };
      if (!resolveInside(plansDir, plan.path)) {
        return { ok: false, reason: 'failed', message: `${plan.path} is outside the plans folder; change it with the tickmark command instead.` };
      }
      try {
        const result = await setStatus(db, { slug }, key, status, {
          actor: opts.actor,
          source: opts.source ?? 'ui',
          expectedVersion: opts.expectedVersion,
          today: opts.today,
          plansDir,
        });
        return { ok: true, version: result.version, status: result.item.status, edits: result.edits.length };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (error instanceof VersionConflictError) {
          return { ok: false, reason: 'conflict', current: currentOf(error), message };
        }
        if (error instanceof UnknownItemError) {
          return { ok: false, reason: 'unknown-item', message };
        }
        if (error instanceof DatabaseUnavailableError) {
          return { ok: false, reason: 'unavailable', message };
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
      // The same repair as `tickmark doctor --fix`, refused when the file changed while we worked.
      try {
        const { source, bytes } = await readPlanFile(file);
        const repaired = repairMojibake(source);
        if (repaired === source) return { ok: true, changed: false };
        await writePlanIfUnchanged({ path: file, bytes }, repaired);
        await syncPlan(db, file, { plansDir });
      } catch (error) {
        return { ok: false, message: error instanceof Error ? error.message : String(error) };
      }
      emitPlanChanged({ planId: plan.id, slug, source: 'ui' });
      return { ok: true, changed: true };
    },
  };
}

function currentOf(error: VersionConflictError): { status: ItemStatus; version: number } {
  return { status: error.current.status, version: error.current.version };
}

/** The absolute path of a plan file, or null when it would leave PLANS_DIR. */
export function resolveInside(plansDir: string, planPath: string): string | null {
  const root = path.resolve(plansDir);
  const abs = path.resolve(root, planPath);
  const rel = path.relative(root, abs);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return null;
  return abs;
}
