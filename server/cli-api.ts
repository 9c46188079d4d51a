// POST /api/cli/*: the CLI handing a change (set-status, structure, undo) or a read (status, next, list, report,
// history: sync/reads.ts) to this server (sync/handover.ts) because the embedded database is open here. The plan is named by its file; the change
// goes through the dashboard's own setStatus service (the same engine) and is recorded as the CLI's, by its user.
// JSON only: a browser cannot send it cross-site without a CORS preflight, which this server never grants.
import path from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { TickmarkServices } from '../app/context';
import { isConnectionLost, rootReason } from '../db/errors';
import { isIsoDate, STATUSES, StructureError, type StructureChange } from '../parser/index';
import { storedPlanPath } from '../sync/config';
import { controlCharacterMessage, hasControlCharacter } from '../sync/control-characters';
import {
  CLI_HISTORY_IMPORT,
  CLI_READ,
  CLI_SET_STATUS,
  CLI_STRUCTURE,
  CLI_UNDO,
  type CliHistoryImportAnswer,
  type CliSetStatusAnswer,
  type CliStructureAnswer,
  type CliUndoAnswer,
} from '../sync/handover';
import { applyStructure, VersionConflictError } from '../sync/engine';
import { answerRead, ReadError, type ReadRequest } from '../sync/reads';
import { importGitHistory } from '../sync/git-history';
import { parseOffThread } from '../sync/parse-off-thread';
import { emitPlanChanged } from '../sync/events';
import { resolveInside } from './services';
import type { RequestSecurity, Role } from '../app/context';
import { effectiveRole, roleAtLeast } from '../db/queries/auth';
import { getPlanBySlug, getPlanRefByPath } from '../db/queries/plans';
import { log } from './security';

/** A day the engine writes into documents (a log row, Last Updated): a real calendar date, not only its shape. */
const calendarDay = z.string().refine(isIsoDate, 'must be a calendar date (YYYY-MM-DD)');

const request = z.object({
  file: z
    .string()
    .min(1)
    .max(4096)
    .refine((f) => !hasControlCharacter(f), controlCharacterMessage('The file name')),
  key: z
    .string()
    .min(1)
    .max(500)
    .refine((k) => !hasControlCharacter(k), controlCharacterMessage('The key')),
  status: z.enum(STATUSES),
  today: calendarDay.optional(),
  note: z.string().max(500).optional(),
});

const text = z.string().max(2000);
const ref = z.string().min(1).max(500);
/** A row of a plan's Source Coverage table (`tickmark coverage --save`). */
const coverageLink = z.object({ id: ref, file: ref, line: z.number().int().min(0), topic: text });
const change = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('add-item'),
    section: ref.optional(),
    phase: ref.optional(),
    title: text,
    description: text.optional(),
    id: ref.optional(),
    status: z.enum(STATUSES).optional(),
    after: ref.optional(),
  }),
  z.object({ kind: z.literal('edit-item'), key: ref, title: text.optional(), description: text.optional() }),
  z.object({
    kind: z.literal('move-item'),
    key: ref,
    section: ref.optional(),
    phase: ref.optional(),
    after: ref.optional(),
  }),
  z.object({ kind: z.literal('remove-item'), key: ref }),
  z.object({ kind: z.literal('add-section'), phase: ref, title: text }),
  z.object({ kind: z.literal('rename-section'), section: ref, title: text }),
  z.object({ kind: z.literal('add-phase'), name: text, priority: ref.optional() }),
  z.object({ kind: z.literal('set-status'), key: ref, status: z.enum(STATUSES) }),
  z.object({
    kind: z.literal('set-coverage'),
    links: z.array(coverageLink).max(50_000),
    expected: z.array(coverageLink).max(50_000),
    summary: text,
  }),
]);
const structureRequest = z.object({
  file: z.string().min(1).max(4096),
  changes: z.array(change).min(1).max(2000),
  today: calendarDay.optional(),
});

const undoRequest = z.object({
  file: z
    .string()
    .min(1)
    .max(4096)
    .refine((f) => !hasControlCharacter(f), controlCharacterMessage('The file name')),
  actor: z.string().max(100).nullable().optional(),
});

const name = z
  .string()
  .min(1)
  .max(4096)
  .refine((f) => !hasControlCharacter(f), controlCharacterMessage('The plan'));
const word = z.string().max(500).optional();
const planRead = { plan: name.optional(), sync: z.boolean().optional() };
const count = z.number().int().min(0).max(1_000_000);
const readRequest = z.discriminatedUnion('command', [
  z.object({ command: z.literal('status'), ...planRead }),
  z.object({ command: z.literal('next'), ...planRead, limit: count }),
  z.object({
    command: z.literal('list'),
    ...planRead,
    prefix: word,
    status: z.array(z.enum(STATUSES)).max(10).optional(),
    phaseKey: word,
    search: word,
    includeRemoved: z.boolean().optional(),
    limit: count,
    offset: count,
  }),
  z.object({
    command: z.literal('report'),
    ...planRead,
    selection: z.object({ week: word, from: word, to: word }),
    timeZone: z.string().max(100),
    weekStart: z.number().int().min(1).max(7).optional(),
  }),
  z.object({ command: z.literal('history'), plan: name, key: word }),
]);

const WHAT_A_ROLE_MAY: Record<Role, string> = {
  viewer: 'read this plan',
  contributor: 'change statuses',
  lead: "change the plan's structure",
};

/** The request's JSON body as `schema` reads it; otherwise answers 415 or 400 with what is wrong and returns null. */
function jsonBody<T>(req: Request, res: Response, schema: z.ZodType<T, z.ZodTypeDef, unknown>): T | null {
  if (!req.is('application/json')) {
    res.status(415).json({ ok: false, message: 'send JSON' });
    return null;
  }
  const parsed = schema.safeParse(req.body);
  if (parsed.success) return parsed.data;
  res
    .status(400)
    .json({ ok: false, message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
  return null;
}

export function cliApi(services: TickmarkServices): express.Router {
  const router = express.Router();
  router.post(CLI_SET_STATUS, express.json({ limit: '16kb' }), (req, res, next) => void answer(req, res).catch(next));
  async function answer(req: Request, res: Response<CliSetStatusAnswer>): Promise<void> {
    const parsed = jsonBody(req, res, request);
    if (!parsed) return;
    const { file, key, status, today, note } = parsed;
    const stored = storedPlanPath(file, services.plansDir);
    const plan = resolveInside(services.plansDir, stored) ? await getPlanRefByPath(services.db, stored) : null;
    // 404 means "not tracked here": the CLI then edits the file itself.
    if (!plan) return void res.status(404).json({ ok: false, message: `${file} is not a plan this server tracks` });
    const actor = await allowed(req, res, 'contributor', plan.id);
    if (actor === null) return;
    const r = await services.setStatus(plan.slug, key, status, { actor, source: 'cli', today, note });
    if (r.ok) return void res.json({ ok: true, slug: plan.slug, version: r.version, edits: r.edits });
    res
      .status({ conflict: 409, 'unknown-item': 422, unavailable: 503, refused: 409, failed: 500 }[r.reason])
      .json({ ok: false, message: r.message });
  }
  // POST /api/cli/structure: `tickmark add/edit/move/remove/add-section/add-phase` and `set` with many items.
  router.post(CLI_STRUCTURE, express.json({ limit: '1mb' }), (req, res, next) => void structure(req, res).catch(next));
  async function structure(req: Request, res: Response<CliStructureAnswer>): Promise<void> {
    const parsed = jsonBody(req, res, structureRequest);
    if (!parsed) return;
    const { file, changes, today } = parsed;
    const stored = storedPlanPath(file, services.plansDir);
    const plan = resolveInside(services.plansDir, stored) ? await getPlanRefByPath(services.db, stored) : null;
    if (!plan) return void res.status(404).json({ ok: false, message: `${file} is not a plan this server tracks` });
    // Statuses alone (a `set` of many items) are a contributor's; anything else reshapes the plan: a lead's.
    const need: Role = changes.every((c) => c.kind === 'set-status') ? 'contributor' : 'lead';
    const actor = await allowed(req, res, need, plan.id);
    if (actor === null) return;
    try {
      const r = await applyStructure(services.db, { slug: plan.slug }, changes as StructureChange[], {
        source: 'cli',
        actor,
        today,
        plansDir: services.plansDir,
      });
      res.json({ ok: true, slug: plan.slug, outcomes: r.outcomes });
    } catch (error) {
      if (error instanceof StructureError) return void res.status(422).json({ ok: false, message: error.message });
      if (error instanceof VersionConflictError)
        return void res.status(409).json({ ok: false, message: error.message });
      throw error;
    }
  }
  // POST /api/cli/undo: `tickmark undo FILE` beside the dashboard.
  router.post(CLI_UNDO, express.json({ limit: '16kb' }), (req, res, next) => void undo(req, res).catch(next));
  async function undo(req: Request, res: Response<CliUndoAnswer>): Promise<void> {
    if (!req.is('application/json')) return void res.status(415).json({ ok: false, message: 'send JSON' });
    const parsed = undoRequest.safeParse(req.body);
    if (!parsed.success) return void res.status(400).json({ ok: false, message: 'send {file, actor}' });
    const stored = storedPlanPath(parsed.data.file, services.plansDir);
    const plan = resolveInside(services.plansDir, stored) ? await getPlanRefByPath(services.db, stored) : null;
    if (!plan)
      return void res.status(404).json({ ok: false, message: `${parsed.data.file} is not a plan this server tracks` });
    // Undoing needs the role the change needed: a tick a contributor's, structure and dates a lead's.
    const last = await services.lastChange(plan.slug);
    const actor = await allowed(req, res, last?.role ?? 'contributor', plan.id);
    if (actor === null) return;
    const r = await services.undo(plan.slug, { actor, source: 'cli', changeId: last?.id });
    if (r.ok) return void res.json({ ok: true, summary: r.summary });
    res.status(r.reason === 'unavailable' ? 503 : 409).json({ ok: false, message: r.message });
  }
  // POST /api/cli/history-import: `tickmark history import FILE` beside the dashboard. It rewrites the plan's
  // history from git, which only a lead may do.
  router.post(
    CLI_HISTORY_IMPORT,
    express.json({ limit: '16kb' }),
    (req, res, next) => void historyImport(req, res).catch(next),
  );
  async function historyImport(req: Request, res: Response<CliHistoryImportAnswer>): Promise<void> {
    const parsed = jsonBody(req, res, undoRequest.pick({ file: true }));
    if (!parsed) return;
    const stored = storedPlanPath(parsed.file, services.plansDir);
    const file = resolveInside(services.plansDir, stored);
    const plan = file ? await getPlanRefByPath(services.db, stored) : null;
    if (!file || !plan)
      return void res.status(404).json({ ok: false, message: `${parsed.file} is not a plan this server tracks` });
    if ((await allowed(req, res, 'lead', plan.id)) === null) return;
    // Up to 400 versions are parsed: on the parser thread, so pages keep answering meanwhile.
    const r = await importGitHistory(services.db, plan.id, file, { parse: parseOffThread });
    if (!r) return void res.json({ ok: true, inGit: false });
    emitPlanChanged({ planId: plan.id, slug: plan.slug, source: 'cli' });
    res.json({ ok: true, inGit: true, ...r });
  }
  // POST /api/cli/read: `tickmark status|next|list|report|history` beside the dashboard holding the database.
  router.post(CLI_READ, express.json({ limit: '16kb' }), (req, res, next) => void read(req, res).catch(next));
  async function read(req: Request, res: Response): Promise<void> {
    const parsed = jsonBody(req, res, readRequest);
    if (!parsed) return;
    const r = parsed as ReadRequest;
    // A named plan needs its viewer; every plan, any identity (viewer is the least role there is).
    const named = r.plan === undefined ? null : await namedPlan(r.plan);
    if ((await allowed(req, res, 'viewer', named?.id)) === null) return;
    try {
      const answer = await answerRead(services.db, r, {
        plansDir: services.plansDir,
        allowFile: (file) => resolveInside(services.plansDir, storedPlanPath(file, services.plansDir)) !== null,
      });
      res.json({ ok: true, ...answer });
    } catch (error) {
      if (error instanceof ReadError) return void res.status(422).json({ ok: false, message: error.message });
      throw error;
    }
  }
  /** The plan a read names (its file inside the plans folder, or its slug), for the role check; null when it
   * names none yet (answerRead then says so, or imports a new file inside the folder). */
  async function namedPlan(plan: string): Promise<{ id: number } | null> {
    const stored = storedPlanPath(plan, services.plansDir);
    if (path.isAbsolute(plan) && resolveInside(services.plansDir, stored)) return getPlanRefByPath(services.db, stored);
    return (await getPlanBySlug(services.db, plan)) ?? null;
  }
  /** The identity's name when it holds `need` on the plan; otherwise answers 401/403 and returns null. The
   * actor is who the server established (server/security.ts), never a field of the request. */
  async function allowed(req: Request, res: Response, need: Role, planId?: number): Promise<string | null> {
    const identity = (res.locals.security as RequestSecurity | undefined)?.identity ?? null;
    if (!identity) {
      res.status(401).json({ ok: false, message: 'Send a token: TICKMARK_TOKEN (tickmark token create).' });
      return null;
    }
    const have = await effectiveRole(services.db, identity, planId);
    if (roleAtLeast(have, need)) return identity.name;
    log(`refused ${req.method} ${req.path}: ${identity.name} is a ${have}, ${need} needed`);
    res.status(403).json({
      ok: false,
      message: `${identity.name} is a ${have}: only a ${need} may ${WHAT_A_ROLE_MAY[need]}. Nothing was changed.`,
    });
    return null;
  }
  // Malformed JSON (400 from the body parser), a database gone while looking the plan up (503), anything else
  // (500): a message the CLI can print, not an HTML page — and never an unhandled rejection (Express 4).
  router.use(
    [CLI_SET_STATUS, CLI_STRUCTURE, CLI_UNDO, CLI_READ, CLI_HISTORY_IMPORT],
    (error: Error & { status?: number }, _req: Request, res: Response<CliSetStatusAnswer>, _next: NextFunction) => {
      res.status(isConnectionLost(error) ? 503 : (error.status ?? 500)).json({ ok: false, message: rootReason(error) });
    },
  );
  return router;
}
