// POST /api/cli/accounts: `tickmark user` and `tickmark token` handed to this server because the embedded
// database is open here (sync/account-handover.ts). Managing users is a lead's: a lead's bearer token, or the
// OS user of a loopback server with no users (local mode) — the identity server/security.ts established,
// never a field of the request. JSON only, like the other hand-overs (server/cli-api.ts). Logs name the
// request and who asked, never a password or token.
import express, { type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { RequestSecurity, TickmarkServices } from '../app/context';
import { isConnectionLost, rootReason } from '../db/errors';
import { ROLES, USER_NAME } from '../db/queries/auth';
import { runAccountRequest, type AccountAnswer, type AccountRequest } from '../sync/account-commands';
import { CLI_ACCOUNTS } from '../sync/account-handover';
import { log } from './security';

const name = z
  .string()
  .regex(USER_NAME, 'a name is 1-64 letters, digits and . _ @ - (starting with a letter or digit)');
const role = z.enum(ROLES);
const accountRequest = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('user-add'), name, role, password: z.string().min(1).max(1024) }),
  z.object({ kind: z.literal('user-list') }),
  z.object({ kind: z.literal('user-remove'), name }),
  z.object({ kind: z.literal('user-role'), name, role: role.nullable(), plan: z.string().min(1).max(500).optional() }),
  z.object({ kind: z.literal('user-sign-out'), name }),
  z.object({ kind: z.literal('token-create'), name, role }),
  z.object({ kind: z.literal('token-list') }),
  z.object({ kind: z.literal('token-revoke'), name }),
]);

export function cliAccounts(services: TickmarkServices): express.Router {
  const router = express.Router();
  router.post(CLI_ACCOUNTS, express.json({ limit: '16kb' }), (req, res, next) => void answer(req, res).catch(next));
  async function answer(req: Request, res: Response<AccountAnswer>): Promise<void> {
    if (!req.is('application/json')) return void res.status(415).json({ ok: false, message: 'send JSON' });
    const identity = (res.locals.security as RequestSecurity | undefined)?.identity ?? null;
    if (!identity)
      return void res.status(401).json({
        ok: false,
        message: "Managing users beside the dashboard needs a lead's token (TICKMARK_TOKEN).",
      });
    const parsed = accountRequest.safeParse(req.body);
    if (!parsed.success)
      return void res
        .status(400)
        .json({ ok: false, message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
    const request = parsed.data as AccountRequest;
    if (identity.role !== 'lead') {
      log(`refused ${request.kind} from ${identity.name}: a ${identity.role}, lead needed`);
      return void res.status(403).json({
        ok: false,
        message: `${identity.name} is a ${identity.role}: only a lead may manage users and tokens. Nothing was changed.`,
      });
    }
    const r = await runAccountRequest(services.db, request);
    if (r.ok && !request.kind.endsWith('-list'))
      log(`${request.kind} ${'name' in request ? request.name : ''} by ${identity.name} (${identity.via})`);
    res.status(r.ok ? 200 : 409).json(r);
  }
  router.use(CLI_ACCOUNTS, (error: Error & { status?: number }, _req: Request, res: Response, _next: NextFunction) => {
    res.status(isConnectionLost(error) ? 503 : (error.status ?? 500)).json({ ok: false, message: rootReason(error) });
  });
  return router;
}
