// POST /api/cli/set-status: `tickmark set` handing a change to this server (server/announce.ts) because the
// embedded database it would record the change in is open here. The plan is named by its file; the change
// goes through the same engine as everything else and is recorded as the CLI's, by the CLI's user.
// JSON only: a browser cannot send it cross-site without a CORS preflight, which this server never grants.
import express, { type NextFunction, type Request, type Response } from 'express';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { TickmarkServices } from '../app/context';
import { plans } from '../db/schema';
import { DatabaseUnavailableError } from '../db/errors';
import { STATUSES } from '../parser/lib/types';
import { storedPlanPath } from '../sync/config';
import { setStatus, UnknownItemError } from '../sync/engine';
import { CLI_SET_STATUS, type CliSetStatusAnswer } from './announce';
import { resolveInside } from './services';

const request = z.object({
  file: z.string().min(1).max(4096),
  key: z.string().min(1).max(500),
  status: z.enum(STATUSES),
  actor: z.string().max(100).nullable().optional(),
  today: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
});

export function cliApi(services: TickmarkServices): express.Router {
  const router = express.Router();
  router.post(CLI_SET_STATUS, express.json({ limit: '16kb' }), async (req: Request, res: Response<CliSetStatusAnswer>) => {
    if (!req.is('application/json')) return void res.status(415).json({ ok: false, message: 'send JSON' });
    const parsed = request.safeParse(req.body);
    if (!parsed.success) {
      return void res.status(400).json({ ok: false, message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
    }
    const { file, key, status, actor, today } = parsed.data;
    const stored = storedPlanPath(file, services.plansDir);
    const [plan] = resolveInside(services.plansDir, stored)
      ? await services.db.select({ id: plans.id, slug: plans.slug }).from(plans).where(eq(plans.path, stored))
      : [];
    if (!plan) return void res.status(404).json({ ok: false, message: `${file} is not a plan this server tracks` });
    try {
      const r = await setStatus(services.db, { id: plan.id }, key, status, { source: 'cli', actor, today, plansDir: services.plansDir });
      res.json({ ok: true, slug: plan.slug, version: r.version, edits: r.edits.length });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const code = error instanceof UnknownItemError ? 422 : error instanceof DatabaseUnavailableError ? 503 : 500;
      res.status(code).json({ ok: false, message });
    }
  });
  // Malformed JSON and the like: a message the CLI can print, not an HTML page.
  router.use(CLI_SET_STATUS, (error: Error, _req: Request, res: Response<CliSetStatusAnswer>, _next: NextFunction) => {
    res.status(400).json({ ok: false, message: error.message });
  });
  return router;
}
