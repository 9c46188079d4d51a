// POST /api/cli/set-status: `tickmark set` handing a change to this server (server/announce.ts) because the
// embedded database it would record the change in is open here. The plan is named by its file; the change
// goes through the dashboard's own setStatus service (the same engine) and is recorded as the CLI's, by its user.
// JSON only: a browser cannot send it cross-site without a CORS preflight, which this server never grants.
import express, { type NextFunction, type Request, type Response } from 'express';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { TickmarkServices } from '../app/context';
import { isConnectionLost, rootReason } from '../db/errors';
import { plans } from '../db/schema';
import { STATUSES } from '../parser/lib/types';
import { storedPlanPath } from '../sync/config';
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
  router.post(CLI_SET_STATUS, express.json({ limit: '16kb' }), (req, res, next) => void answer(req, res).catch(next));
  async function answer(req: Request, res: Response<CliSetStatusAnswer>): Promise<void> {
    if (!req.is('application/json')) return void res.status(415).json({ ok: false, message: 'send JSON' });
    const parsed = request.safeParse(req.body);
    if (!parsed.success) {
      return void res.status(400).json({ ok: false, message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
    }
    const { file, key, status, actor, today } = parsed.data;
    const stored = storedPlanPath(file, services.plansDir);
    const [plan] = resolveInside(services.plansDir, stored)
      ? await services.db.select({ slug: plans.slug }).from(plans).where(eq(plans.path, stored))
      : [];
    // 404 means "not tracked here": the CLI then edits the file itself.
    if (!plan) return void res.status(404).json({ ok: false, message: `${file} is not a plan this server tracks` });
    const r = await services.setStatus(plan.slug, key, status, { actor: actor ?? null, source: 'cli', today });
    if (r.ok) return void res.json({ ok: true, slug: plan.slug, version: r.version, edits: r.edits });
    res.status({ conflict: 409, 'unknown-item': 422, unavailable: 503, failed: 500 }[r.reason]).json({ ok: false, message: r.message });
  }
  // Malformed JSON (400 from the body parser), a database gone while looking the plan up (503), anything else
  // (500): a message the CLI can print, not an HTML page — and never an unhandled rejection (Express 4).
  router.use(CLI_SET_STATUS, (error: Error & { status?: number }, _req: Request, res: Response<CliSetStatusAnswer>, _next: NextFunction) => {
    res.status(isConnectionLost(error) ? 503 : (error.status ?? 500)).json({ ok: false, message: rootReason(error) });
  });
  return router;
}
