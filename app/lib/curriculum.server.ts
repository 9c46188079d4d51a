// The Curriculum forms beyond "Add to plan" (structure.server.ts): merging sources' new topics into the plan
// (one engine change, so one Undo), the user's word on coverage links, and a new plan generated from
// sources. Each checks the form token and a lead's role before anything is written.
import { json, redirect, type AppLoadContext } from '@remix-run/node';
import { z } from 'zod';
import { refusalOf, requireCsrf, requireRole } from './auth.server';
import { parseSeenLinks } from './seen-links';
import { handleStructure } from './structure.server';
import { TOPIC_STATUSES, type GeneratePlanOptions, type TopicStatus } from '../../parser/index';
import { controlCharacterMessage, hasControlCharacter } from '../../sync/control-characters';
import { formOf } from './form.server';

export type CurriculumActionData = { ok: false; message: string };

const CURRICULUM_INTENTS = new Set(['merge-topics', 'link', 'unlink', 'confirm-link']);

const field = z
  .string()
  .trim()
  .min(1)
  .max(500)
  .refine((k) => !hasControlCharacter(k), controlCharacterMessage('The field'));
/** A topic as the forms name it: `file#line`, the file name as stored (not trimmed: it may hold any spaces). */
const topicRef = z
  .string()
  .max(520)
  .regex(/^.+#\d+$/, 'a topic is named file#line')
  .refine((k) => !hasControlCharacter(k), controlCharacterMessage('The topic'))
  .transform((s) => {
    const at = s.lastIndexOf('#');
    return { file: s.slice(0, at), line: Number(s.slice(at + 1)) };
  });

/** The item's links as the page showed them (seen-links.ts: a JSON array of `file#line`, file names as stored):
 * a link form is refused when they changed since (the links' version). */
const seenField = z
  .string()
  .max(20_000)
  .transform((s, ctx) => {
    const seen = parseSeenLinks(s);
    if (!seen) {
      ctx.addIssue({ code: 'custom', message: 'the links shown are not readable; reload the page' });
      return z.NEVER;
    }
    return seen;
  })
  .refine((seen) => !seen.some((s) => hasControlCharacter(s)), controlCharacterMessage('The links shown'));

const forms = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('merge-topics'), topics: z.array(topicRef).min(1, 'Nothing to add.').max(5000) }),
  z.object({ intent: z.literal('link'), id: field, topic: topicRef, seen: seenField }),
  z.object({ intent: z.literal('unlink'), id: field, topic: topicRef, seen: seenField }),
  z.object({ intent: z.literal('confirm-link'), id: field, seen: seenField }),
]);

export function isCurriculumIntent(intent: unknown): boolean {
  return typeof intent === 'string' && CURRICULUM_INTENTS.has(intent);
}

/** The Curriculum tab's and the item page's curriculum forms; "Add to plan" and the rest go to `fallback`. */
export async function handleCurriculum(
  request: Request,
  context: AppLoadContext,
  plan: { id: number; slug: string },
  fallback: (request: Request) => Promise<Response> = (r) => handleStructure(r, context, plan),
): Promise<Response> {
  if (request.method !== 'POST') throw new Response('Method not allowed', { status: 405 });
  if (!isCurriculumIntent((await formOf(request.clone())).get('intent'))) return fallback(request);
  const data = await formOf(request);
  const refuse = (message: string, status: number) => json<CurriculumActionData>({ ok: false, message }, { status });
  let actor: string;
  try {
    requireCsrf(request, context, data);
    actor = await requireRole(request, context, 'lead', plan.id);
  } catch (error) {
    const refused = await refusalOf(error);
    if (!refused) throw error;
    return refuse(refused.message, refused.status);
  }
  const parsed = forms.safeParse({
    intent: data.get('intent'),
    id: data.get('id') ?? undefined,
    topic: data.get('topic') ?? undefined,
    topics: data.getAll('topics'),
    seen: data.get('seen') ?? undefined,
  });
  if (!parsed.success) {
    return refuse(`Nothing was changed: ${parsed.error.issues.map((i) => i.message).join('; ')}`, 400);
  }
  const form = parsed.data;
  const services = context.tickmark;
  const back = new URL(request.url);
  if (form.intent === 'merge-topics') {
    // Exactly the topics the preview showed, placed by the engine as one change (one Undo).
    const found = await services.topicChanges(plan.slug, form.topics);
    if (!found.ok) return refuse(found.message, 409);
    const result = await services.structure(plan.slug, found.changes, { actor });
    if (!result.ok) return refuse(result.message, result.reason === 'conflict' ? 409 : 422);
    return redirect(`${back.pathname}?merged=${form.topics.length}`, 303);
  }
  const request_ =
    form.intent === 'confirm-link'
      ? { kind: 'confirm' as const, id: form.id, seen: form.seen }
      : { kind: form.intent, id: form.id, ...form.topic, seen: form.seen };
  const saved = await services.saveLinks(plan.slug, [request_], actor);
  if (!saved.ok) return refuse(saved.message, 409);
  back.searchParams.delete('index');
  return redirect(back.pathname + back.search, 303);
}

// ---- generating a plan from sources ------------------------------------------------------------------------

/** The generate form's fields (the same on the preview's GET and the create's POST). */
export function generateOptionsOf(params: URLSearchParams | FormData): {
  paths: string[];
  options: GeneratePlanOptions;
  name: string;
  problems: string[];
} {
  const all = (k: string) => params.getAll(k).filter((v): v is string => typeof v === 'string');
  const one = (k: string) => (all(k)[0] ?? '').trim();
  const problems: string[] = [];
  const include = all('include').filter((s): s is TopicStatus => (TOPIC_STATUSES as readonly string[]).includes(s));
  const prefixes: Record<string, string> = {};
  for (const line of one('prefixes').split(/\r?\n/)) {
    if (!line.trim()) continue;
    const m = /^(.+?)=\s*([A-Za-z][A-Za-z0-9]*)\s*$/.exec(line);
    if (m) prefixes[m[1].trim()] = m[2].toUpperCase();
    else problems.push(`“${line.trim()}” is not CATEGORY=PREFIX (such as Caching=CACHE).`);
  }
  // Near matches the lead confirms as one topic, as `plan new --same "A=B"`.
  const confirmed: [string, string][] = [];
  for (const line of one('same').split(/\r?\n/)) {
    if (!line.trim()) continue;
    const [a, b] = line.split('=').map((x) => x?.trim());
    if (a && b) confirmed.push([a, b]);
    else problems.push(`“${line.trim()}” is not TOPIC=TOPIC.`);
  }
  const perWeek = Number(one('capacity'));
  const start = one('start');
  let capacity: GeneratePlanOptions['capacity'];
  if (one('capacity')) {
    if (!Number.isInteger(perWeek) || perWeek < 1) problems.push('Items per week is a whole number, 1 or more.');
    else if (!/^\d{4}-\d{2}-\d{2}$/.test(start)) problems.push('A weekly capacity needs a start date.');
    else capacity = { perWeek, start };
  }
  return {
    paths: all('source'),
    options: {
      title: one('title') || undefined,
      include: include.length ? include : ['MISSING', 'PARTIAL'],
      prefixes,
      capacity,
      confirmed,
    },
    name: one('name'),
    problems,
  };
}

/** "Create the plan": written through sync/ as a new file, then tracked; the browser goes to it. */
export async function handleGenerate(request: Request, context: AppLoadContext): Promise<Response> {
  if (request.method !== 'POST') throw new Response('Method not allowed', { status: 405 });
  const data = await formOf(request);
  const refuse = (message: string, status: number) => json<CurriculumActionData>({ ok: false, message }, { status });
  try {
    requireCsrf(request, context, data);
    await requireRole(request, context, 'lead');
  } catch (error) {
    const refused = await refusalOf(error);
    if (!refused) throw error;
    return refuse(refused.message, refused.status);
  }
  const { paths, options, name, problems } = generateOptionsOf(data);
  if (problems.length) return refuse(`Nothing was written: ${problems.join(' ')}`, 400);
  if (!name) return refuse('Nothing was written: name the plan’s file.', 400);
  const made = await context.tickmark.planFromSources(paths, options, { name });
  if (!made.ok) return refuse(made.message, 422);
  if (!('created' in made)) throw new Error('planFromSources did not create');
  return redirect(made.created.slug ? `/plans/${made.created.slug}` : '/', 303);
}
