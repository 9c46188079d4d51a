// The server-side services the dashboard's loaders and actions use (see app/context.ts): the one database
// client, the write-back engine, mojibake repair and change notifications. Engine errors become plain
// results here, so the Remix bundle never needs `instanceof` on classes from another module graph.
import path from 'node:path';
import { DatabaseUnavailableError, type Db } from '../db/client';
import { getPlanBySlug } from '../db/queries/plans';
import { onPlanChanged, emitPlanChanged } from '../sync/events';
import type { ItemStatus, SetStatusResult, StructureChangeResult, TickmarkServices } from '../app/context';
import { replaceFileIfUnchanged } from '../sync/writer';
import { readPlanFile } from '../sync/read-plan-file';
import { EditConflictError, repairMojibake, StructureError, UnknownItemError } from '../parser/index';
import {
  applyStructure,
  NothingToUndoError,
  setStatus,
  undoableChange,
  undoLast,
  VersionConflictError,
} from '../sync/engine';
import { syncPlan } from '../sync/import';
import { planCoverage } from '../sync/plan-coverage';
import {
  createPlanFromSources,
  CurriculumInputError,
  mergePreview,
  previewPlanFromSources,
  saveLinkEdits,
  topicChangesFor,
} from '../sync/curriculum';
import { PlanExistsError } from '../sync/write-new-plan';
import { importFailures } from '../sync/import-failures';
import { isConnectionLost, rootReason } from '../db/errors';
import { PlanWriteError, fileErrorSentence } from '../sync/file-error-sentences';
import { PlanFileUnusableError } from '../sync/unusable-file';
import { PlanNotWritableError, writableTarget } from '../sync/write-target';
import { planReport, WeekError } from '../db/queries/report';
import { appendReportBlock, ReportStaleError } from '../sync/report-append';
import { NoProgressLogError } from '../parser/index';
import { reportBlockLines } from '../report/render';

export function createServices(db: Db, plansDir: string): TickmarkServices {
  return {
    db,
    plansDir,
    onPlanChanged,
    importFailures,

    async setStatus(slug, key, status, opts): Promise<SetStatusResult> {
      try {
        const refused = await writablePlan(db, plansDir, slug);
        if (refused) return refused;
        const result = await setStatus(db, { slug }, key, status, {
          actor: opts.actor,
          source: opts.source ?? 'ui',
          expectedVersion: opts.expectedVersion,
          today: opts.today,
          note: opts.note,
          plansDir,
        });
        return { ok: true, version: result.version, status: result.item.status, edits: result.edits.length };
      } catch (error) {
        const answer = refusalOf(error);
        if (answer) return answer;
        // The full error (a query and its parameters, a stack) goes to the server log only.
        console.error(`setStatus ${slug} ${key} → ${status} failed:`, error);
        return { ok: false, reason: 'failed', message: answerText(error) };
      }
    },

    async structure(slug, changes, opts): Promise<StructureChangeResult> {
      try {
        const refused = await writablePlan(db, plansDir, slug);
        if (refused) return refused;
        const result = await applyStructure(db, { slug }, changes, {
          actor: opts.actor,
          source: 'ui',
          expectedVersion: opts.expectedVersion,
          today: opts.today,
          plansDir,
        });
        return { ok: true, outcomes: result.outcomes, edits: result.edits.length };
      } catch (error) {
        // Bad input (unknown section, taken ID, empty title …): the planner's own sentence.
        if (error instanceof StructureError) return { ok: false, reason: 'invalid', message: error.message };
        // The text under the change moved (an editor saved in between): nothing was written; re-synced.
        if (error instanceof EditConflictError) {
          return {
            ok: false,
            reason: 'conflict',
            current: null,
            message: `The document changed while your change was being made; nothing was written. ${error.message}`,
          };
        }
        const answer = refusalOf(error);
        if (answer) return answer;
        console.error(`structure ${slug} ${changes.map((c) => c.kind).join(',')} failed:`, error);
        return { ok: false, reason: 'failed', message: answerText(error) };
      }
    },

    async appendReport(slug, selection, opts) {
      let where = slug;
      try {
        const plan = await getPlanBySlug(db, slug);
        if (!plan) return { ok: false, reason: 'unknown-plan', message: `No plan '${slug}'.` };
        where = plan.path;
        const file = resolveInside(plansDir, plan.path);
        if (!file) {
          return {
            ok: false,
            reason: 'refused',
            message: `${plan.path} is outside the plans folder; append with \`tickmark report --append\` instead.`,
          };
        }
        writableTarget(file, plansDir);
        // The same report and block lines as `tickmark report --append`.
        const report = await planReport(db, plan, selection, { timeZone: opts.timeZone, weekStart: opts.weekStart });
        const result = await appendReportBlock(db, plan.id, report.week.id, reportBlockLines(report), {
          plansDir,
          source: 'ui',
          expectHash: opts.expectHash,
        });
        return { ok: true, week: report.week.id, file: plan.path, changed: result.changed };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (error instanceof ReportStaleError) return { ok: false, reason: 'stale', message };
        if (error instanceof WeekError || error instanceof NoProgressLogError) {
          return { ok: false, reason: 'invalid', message };
        }
        if (error instanceof DatabaseUnavailableError || isConnectionLost(error)) {
          return { ok: false, reason: 'unavailable', message: unavailableMessage(error) };
        }
        const sentence = fileErrorSentence(error, where);
        if (sentence || error instanceof PlanNotWritableError || error instanceof PlanFileUnusableError) {
          return { ok: false, reason: 'refused', message: sentence ?? message };
        }
        console.error(`append report ${slug} failed:`, error);
        return { ok: false, reason: 'failed', message: answerText(error) };
      }
    },

    async setDates(slug, dates, opts) {
      try {
        const plan = await getPlanBySlug(db, slug);
        if (!plan) return { ok: false, reason: 'unknown-plan', message: `No plan '${slug}'.` };
        if (!resolveInside(plansDir, plan.path)) {
          return { ok: false, reason: 'refused', message: `${plan.path} is outside the plans folder.` };
        }
        const result = await applyStructure(db, { slug }, [{ kind: 'set-dates', ...dates }], {
          actor: opts.actor,
          source: 'ui',
          plansDir,
        });
        return { ok: true, edits: result.edits.length };
      } catch (error) {
        if (error instanceof StructureError) return { ok: false, reason: 'refused', message: error.message };
        const answer = refusalOf(error);
        if (answer) return answer;
        console.error(`setDates ${slug} failed:`, error);
        return { ok: false, reason: 'failed', message: answerText(error) };
      }
    },

    async undo(slug, opts) {
      try {
        const plan = await getPlanBySlug(db, slug);
        if (!plan) return { ok: false, reason: 'unknown-plan', message: `No plan '${slug}'.` };
        if (!resolveInside(plansDir, plan.path)) {
          return { ok: false, reason: 'refused', message: `${plan.path} is outside the plans folder.` };
        }
        const r = await undoLast(
          db,
          { slug },
          { actor: opts.actor, source: opts.source ?? 'ui', plansDir, changeId: opts.changeId },
        );
        return { ok: true, summary: r.summary };
      } catch (error) {
        if (error instanceof NothingToUndoError) return { ok: false, reason: 'refused', message: error.message };
        const answer = refusalOf(error);
        if (answer) return answer;
        console.error(`undo ${slug} failed:`, error);
        return { ok: false, reason: 'failed', message: answerText(error) };
      }
    },

    async lastChange(slug) {
      const plan = await getPlanBySlug(db, slug);
      const last = plan ? await undoableChange(db, plan.id) : null;
      return last
        ? {
            id: last.id,
            summary: last.summary,
            at: last.at.toISOString(),
            actor: last.actor,
            source: last.source,
            role: last.role,
          }
        : null;
    },

    async topicChanges(slug, refs) {
      const plan = await getPlanBySlug(db, slug);
      const file = plan ? resolveInside(plansDir, plan.path) : null;
      if (!plan || !file) return { ok: false, message: `No plan '${slug}' in the plans folder.` };
      try {
        return { ok: true, ...(await topicChangesFor(db, { id: plan.id, file }, refs)) };
      } catch (error) {
        return { ok: false, message: curriculumRefusal(error, `topic changes ${slug}`) };
      }
    },

    async mergePreview(slug, files) {
      const plan = await getPlanBySlug(db, slug);
      const file = plan ? resolveInside(plansDir, plan.path) : null;
      if (!plan || !file) return { ok: false, message: `No plan '${slug}' in the plans folder.` };
      try {
        const preview = await mergePreview(db, { id: plan.id, file }, files);
        return preview ? { ok: true, preview } : { ok: false, message: 'There are no source documents to merge.' };
      } catch (error) {
        return { ok: false, message: curriculumRefusal(error, `merge preview ${slug}`) };
      }
    },

    async saveLinks(slug, requests, actor) {
      const plan = await getPlanBySlug(db, slug);
      const file = plan ? resolveInside(plansDir, plan.path) : null;
      if (!plan || !file) return { ok: false, message: `No plan '${slug}' in the plans folder.` };
      try {
        writableTarget(file, plansDir);
        // Through the engine (sync/save-coverage.ts), which tells live pages about the change.
        const { changed } = await saveLinkEdits(db, plansDir, { id: plan.id, file }, requests, { actor });
        return { ok: true, changed };
      } catch (error) {
        return { ok: false, message: curriculumRefusal(error, `links ${slug}`) };
      }
    },

    async planFromSources(paths, options, create) {
      try {
        if (!create) return { ok: true, preview: await previewPlanFromSources(db, paths, options) };
        const made = await createPlanFromSources(db, plansDir, paths, create.name, options);
        return { ok: true, created: made };
      } catch (error) {
        return { ok: false, message: curriculumRefusal(error, 'plan from sources') };
      }
    },

    async coverage(slug) {
      const plan = await getPlanBySlug(db, slug);
      const file = plan ? (resolveInside(plansDir, plan.path) ?? plan.path) : null;
      return plan && file ? planCoverage(db, { id: plan.id, file }) : null;
    },

    async repairMojibake(slug) {
      const plan = await getPlanBySlug(db, slug);
      if (!plan) return { ok: false, message: `No plan '${slug}'.` };
      const file = resolveInside(plansDir, plan.path);
      if (!file)
        return { ok: false, message: `The plan's path ${plan.path} is outside PLANS_DIR; refusing to write it.` };
      // The same repair as `tickmark doctor --fix`, refused when the file changed while we worked.
      try {
        writableTarget(file, plansDir);
        const { source, bytes } = await readPlanFile(file);
        const repaired = repairMojibake(source);
        if (repaired === source) return { ok: true, changed: false };
        await replaceFileIfUnchanged(file, repaired, bytes);
        await syncPlan(db, file, { plansDir });
      } catch (error) {
        const sentence = fileErrorSentence(error, file);
        if (!sentence && !(error instanceof PlanNotWritableError)) console.error(`repair ${slug} failed:`, error);
        return { ok: false, message: sentence ?? answerText(error) };
      }
      emitPlanChanged({ planId: plan.id, slug, source: 'ui' });
      return { ok: true, changed: true };
    },
  };
}

/** A plan the dashboard may write, or the refusal to answer with: only files inside PLANS_DIR (a plan tracked
 * by path from elsewhere is read-only here). */
async function writablePlan(
  db: Db,
  plansDir: string,
  slug: string,
): Promise<{ ok: false; reason: 'unknown-item' | 'refused'; message: string } | null> {
  const plan = await getPlanBySlug(db, slug);
  if (!plan) return { ok: false, reason: 'unknown-item', message: `No plan '${slug}'.` };
  if (!resolveInside(plansDir, plan.path)) {
    return {
      ok: false,
      reason: 'refused',
      message: `${plan.path} is outside the plans folder; change it with the tickmark command instead.`,
    };
  }
  return null;
}

/** The words for a refused curriculum request: the user's input or the file's state, else logged as a failure. */
function curriculumRefusal(error: unknown, what: string): string {
  if (
    error instanceof CurriculumInputError ||
    error instanceof PlanExistsError ||
    error instanceof PlanNotWritableError ||
    error instanceof StructureError
  )
    return error.message;
  // Link edits go through the write-back engine: its refusals (file unusable or unwritable, database down).
  const engine = refusalOf(error);
  if (engine) return engine.message;
  if (error instanceof EditConflictError) {
    return `The document changed while your change was being made; nothing was written. ${error.message}`;
  }
  const sentence = fileErrorSentence(error, what);
  if (sentence) return sentence;
  console.error(`${what} failed:`, error);
  return answerText(error);
}

/** The engine's refusals as answers (a conflict, an unknown item, the database or the file unavailable);
 * null for anything else, which is logged and answered as a failure. */
function refusalOf(error: unknown): Exclude<SetStatusResult, { ok: true }> | null {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof VersionConflictError)
    return { ok: false, reason: 'conflict', current: currentOf(error), message };
  if (error instanceof UnknownItemError) return { ok: false, reason: 'unknown-item', message };
  if (error instanceof DatabaseUnavailableError || isConnectionLost(error)) {
    return { ok: false, reason: 'unavailable', message: unavailableMessage(error) };
  }
  if (
    error instanceof PlanNotWritableError ||
    error instanceof PlanWriteError ||
    error instanceof PlanFileUnusableError
  ) {
    return { ok: false, reason: 'refused', message };
  }
  return null;
}

/** The words an answer may carry: never a query, its parameters or a stack (those are logged). A database error
 * becomes the driver's own reason, which names no SQL. */
export function answerText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/Failed query|\bparams:|\n\s+at /.test(message) || (error instanceof Error && error.cause)) {
    return `The change failed (${rootReason(error).split('\n')[0]}); nothing was changed. The server log has the details.`;
  }
  return message;
}

function unavailableMessage(error: unknown): string {
  return error instanceof DatabaseUnavailableError
    ? error.message
    : `cannot reach the database: ${rootReason(error)}. Nothing was changed; try again once it is back.`;
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
