// The dashboard's structure editing: one zod schema per form (add, edit, move, remove items; add and rename
// sections; add phases; bulk status and move), turned into the engine's StructureChange list and sent
// through `context.tickmark.structure` — the same write-back as the CLI (lock, versions, atomic write,
// bookkeeping). Also what the forms show: sections with the next free ID, phases, an item's neighbours.
import { json, redirect, type AppLoadContext } from '@remix-run/node';
import { z } from 'zod';
import { CSRF_FIELD, refusalOf, requireCsrf, requireRole } from './auth.server';
import { handleSetStatus } from './status-action.server';
import { isScriptedPost, SCRIPTED_FIELD } from './scripted';
import { itemPlaces, planOutline } from './queries.server';
import type { Db } from '../../db/client';
import { STATUSES, suggestItemId, type StructureChange } from '../../parser/index';
import { controlCharacterMessage, hasControlCharacter } from '../../sync/control-characters';
import { formOf } from './form.server';

const key = z
  .string()
  .trim()
  .min(1)
  .max(500)
  .refine((k) => !hasControlCharacter(k), controlCharacterMessage('The key'));
/** Free text; the planner refuses empty titles and line breaks with its own words. */
const text = z.string().max(2000);
const optionalKey = z
  .string()
  .trim()
  .max(500)
  .optional()
  .transform((s) => (s ? s : undefined));
/** Where an item goes: `section:KEY` or `phase:KEY` (the phase's end when it has no sections). */
const place = z
  .string()
  .regex(/^(section|phase):./, 'choose a section or a phase')
  .max(520)
  .transform((s) => {
    const at = s.indexOf(':');
    return { [s.slice(0, at)]: s.slice(at + 1) } as { section?: string; phase?: string };
  });
const version = z.coerce.number().int().positive().optional();
export const PRIORITIES = ['HIGH', 'MEDIUM', 'LOW'] as const;

export const structureForms = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('add-item'),
    to: place,
    after: optionalKey,
    title: text,
    description: text.optional(),
    status: z.enum(STATUSES).optional(),
  }),
  z.object({ intent: z.literal('edit-item'), key, version, title: text, description: text.default('') }),
  z.object({ intent: z.literal('move-item'), key, version, to: place, after: optionalKey }),
  z.object({ intent: z.literal('move-up'), key, version }),
  z.object({ intent: z.literal('move-down'), key, version }),
  z.object({
    intent: z.literal('remove-item'),
    key,
    version,
    confirm: z.literal('yes', { errorMap: () => ({ message: 'Tick “Yes, remove it” first.' }) }),
  }),
  z.object({ intent: z.literal('add-section'), phase: key, title: text }),
  z.object({ intent: z.literal('rename-section'), section: key, title: text }),
  z.object({
    intent: z.literal('add-phase'),
    name: text,
    priority: z
      .enum(['', ...PRIORITIES])
      .optional()
      .transform((p) => (p ? p : undefined)),
  }),
  z.object({
    intent: z.literal('bulk-status'),
    keys: z.array(key).min(1, 'Select at least one item.').max(10_000),
    status: z.enum(STATUSES),
  }),
  z.object({
    intent: z.literal('bulk-move'),
    keys: z.array(key).min(1, 'Select at least one item.').max(10_000),
    to: place,
  }),
  z.object({
    intent: z.literal('add-topic'),
    file: z
      .string()
      .min(1)
      .max(500)
      .refine((k) => !hasControlCharacter(k), controlCharacterMessage('The file')),
    line: z.coerce.number().int().positive(),
  }),
]);
export type StructureForm = z.infer<typeof structureForms>;
export type StructureIntent = StructureForm['intent'];

export type StructureActionData =
  | { ok: true; intent: StructureIntent; message: string; keys: string[] }
  | {
      ok: false;
      intent: StructureIntent | null;
      reason: string;
      message: string;
      /** What the user sent, so a refused form comes back filled in (nothing typed is lost). */
      values: Record<string, string>;
    };

const STRUCTURE_INTENTS = new Set<string>(structureForms.options.map((o) => o.shape.intent.value));

/** A page's action: status changes go to the status form's handler, structure forms to this module. */
export async function handlePlanAction(request: Request, context: AppLoadContext, plan: PlanRef) {
  if (request.method !== 'POST') throw new Response('Method not allowed', { status: 405 });
  const intent = (await formOf(request.clone())).get('intent');
  if (typeof intent === 'string' && STRUCTURE_INTENTS.has(intent)) return handleStructure(request, context, plan);
  return handleSetStatus(request, context, plan.slug);
}

type PlanRef = { id: number; slug: string };

export async function handleStructure(request: Request, context: AppLoadContext, { id: plan, slug }: PlanRef) {
  const data = await formOf(request);
  const values: Record<string, string> = {};
  for (const [k, v] of data.entries()) {
    if (typeof v === 'string' && k !== 'keys' && k !== SCRIPTED_FIELD && k !== CSRF_FIELD) values[k] = v;
  }
  const raw = { ...values, keys: data.getAll('keys').filter((v): v is string => typeof v === 'string') };
  const intent = STRUCTURE_INTENTS.has(values.intent ?? '') ? (values.intent as StructureIntent) : null;
  const refuse = (reason: string, message: string, status: number) =>
    json<StructureActionData>({ ok: false, intent, reason, message, values }, { status });
  // Shaping a plan is a lead's (on this plan), with the session's form token; nothing is written otherwise.
  let actor: string;
  try {
    requireCsrf(request, context, data);
    actor = await requireRole(request, context, 'lead', plan);
  } catch (error) {
    const refused = await refusalOf(error);
    if (!refused) throw error;
    return refuse(refused.status === 401 ? 'unauthenticated' : 'forbidden', refused.message, refused.status);
  }
  const parsed = structureForms.safeParse(raw);
  if (!parsed.success) {
    const message = parsed.error.issues.map((i) => `${i.path.join('.') || 'form'}: ${i.message}`).join('; ');
    return refuse('invalid', `Nothing was changed: ${message}`, 400);
  }
  const form = parsed.data;
  const db = context.tickmark.db;
  let planned: Planned;
  try {
    planned = await changesOf(db, plan, form, context, slug);
  } catch (error) {
    if (error instanceof FormRefusal) return refuse('invalid', error.message, 422);
    throw error;
  }
  const result = await context.tickmark.structure(slug, planned.changes, {
    actor,
    expectedVersion: planned.version,
  });
  if (!result.ok) {
    const message =
      result.reason === 'conflict'
        ? `${conflictSubject(form)} changed since this page was loaded, so nothing was written. The page now shows the current state; your entries are kept in the form — check them and send again.`
        : result.message;
    const status = { conflict: 409, invalid: 422, 'unknown-item': 404, unavailable: 503, refused: 409, failed: 500 };
    return refuse(result.reason, message, status[result.reason]);
  }
  const made = result.outcomes.flatMap((o) => (o.kind === 'add-item' && (o.id ?? o.key) ? [o.id ?? o.key!] : []));
  // Plain form posts (no JavaScript) get post/redirect/get back to the page they came from; a fetcher's
  // post (components/StructureForms.tsx marks it) gets the answer as data. Undo is the plan frame's (undo of the
  // last change, sync/engine/undo.ts undoLast), for these changes as for ticks.
  if (!isScriptedPost(data)) {
    const back = new URL(request.url);
    back.searchParams.delete('index');
    return redirect(back.pathname + back.search, 303);
  }
  return json<StructureActionData>({
    ok: true,
    intent: form.intent,
    message: `${planned.done}${made.length ? ` (${made.join(', ')})` : ''}.`,
    keys: result.outcomes.flatMap((o) => (o.key ? [o.key] : [])),
  });
}

class FormRefusal extends Error {}

interface Planned {
  changes: StructureChange[];
  /** Guards the first change's item. */
  version?: number;
  /** Past tense, for the message. */
  done: string;
}

function conflictSubject(form: StructureForm): string {
  return 'key' in form ? form.key : 'The plan';
}

type Place = Awaited<ReturnType<typeof itemPlaces>>[number];

/** Where an item stands now, to put it back: its section or phase and the item before it (or after it). */
function placeOf(rows: Place[], k: string) {
  const row = rows.find((r) => r.key === k && !r.removed);
  if (!row) throw new FormRefusal(`There is no item ${k} in this plan (any more); reload the page.`);
  const siblings = rows.filter(
    (r) =>
      !r.removed && r.parentKey === row.parentKey && r.sectionKey === row.sectionKey && r.phaseKey === row.phaseKey,
  );
  const at = siblings.findIndex((r) => r.key === k);
  return { row, siblings, before: siblings[at - 1] ?? null, next: siblings[at + 1] ?? null, at };
}

async function changesOf(
  db: Db,
  planId: number,
  form: StructureForm,
  context: AppLoadContext,
  slug: string,
): Promise<Planned> {
  switch (form.intent) {
    case 'add-topic': {
      // Curriculum's "Add to plan": the item goes where `tickmark plan merge` would put it; its title is the
      // topic's, so coverage links it to the topic by title.
      const found = await context.tickmark.topicChanges(slug, [{ file: form.file, line: form.line }]);
      if (!found.ok) throw new FormRefusal(found.message);
      return {
        changes: found.changes,
        done: `“${found.titles.join('”, “')}” added to the plan`,
      };
    }
    case 'add-item':
      return {
        changes: [
          {
            kind: 'add-item',
            ...form.to,
            after: form.after,
            title: form.title,
            description: form.description?.trim() ? form.description : undefined,
            status: form.status,
          },
        ],
        done: 'Item added',
      };
    case 'edit-item':
      return {
        changes: [{ kind: 'edit-item', key: form.key, title: form.title, description: form.description }],
        version: form.version,
        done: `${form.key} saved`,
      };
    case 'move-item':
      return {
        changes: [{ kind: 'move-item', key: form.key, ...form.to, after: form.after }],
        version: form.version,
        done: `${form.key} moved`,
      };
    case 'move-up':
    case 'move-down': {
      const rows = await itemPlaces(db, planId);
      const { row, siblings, at } = placeOf(rows, form.key);
      const home = row.sectionKey ? { section: row.sectionKey } : row.phaseKey ? { phase: row.phaseKey } : {};
      const up = form.intent === 'move-up';
      if (up ? at === 0 : at === siblings.length - 1) {
        throw new FormRefusal(`${form.key} is already the ${up ? 'first' : 'last'} item of its section.`);
      }
      // Up past the first place: the item before it moves down instead (there is no "before" in the planner).
      const changes: StructureChange[] = up
        ? at >= 2
          ? [{ kind: 'move-item', key: form.key, ...home, after: siblings[at - 2].key }]
          : [{ kind: 'move-item', key: siblings[0].key, ...home, after: form.key }]
        : [{ kind: 'move-item', key: form.key, ...home, after: siblings[at + 1].key }];
      return {
        changes,
        version: changes[0].kind === 'move-item' && changes[0].key === form.key ? form.version : undefined,
        done: `${form.key} moved ${up ? 'up' : 'down'}`,
      };
    }
    case 'remove-item':
      return { changes: [{ kind: 'remove-item', key: form.key }], version: form.version, done: `${form.key} removed` };
    case 'add-section':
      return { changes: [{ kind: 'add-section', phase: form.phase, title: form.title }], done: 'Section added' };
    case 'rename-section':
      return {
        changes: [{ kind: 'rename-section', section: form.section, title: form.title }],
        done: 'Section renamed',
      };
    case 'add-phase':
      return { changes: [{ kind: 'add-phase', name: form.name, priority: form.priority }], done: 'Phase added' };
    case 'bulk-status':
      return {
        changes: form.keys.map((k) => ({ kind: 'set-status', key: k, status: form.status })),
        done: `${form.keys.length} item${form.keys.length === 1 ? '' : 's'} set to ${form.status}`,
      };
    case 'bulk-move':
      return {
        changes: form.keys.map((k) => ({ kind: 'move-item', key: k, ...form.to })),
        done: `${form.keys.length} item${form.keys.length === 1 ? '' : 's'} moved`,
      };
  }
}

// ---- what the forms show ------------------------------------------------------------------------------

/** Beyond this many sections a menu lists one phase's sections (the others as "end of the phase"): on a
 * 10,000-item plan every section in every menu made the items page five times heavier. */
export const SECTION_MENU_LIMIT = 150;

/** The choices a page's menus show: all sections of a plan of ordinary size, else those of `phaseKey`. */
export function menuChoices(choices: StructureChoices, phaseKey: string | null | undefined): StructureChoices {
  if (choices.sections.length <= SECTION_MENU_LIMIT) return choices;
  return { ...choices, sections: choices.sections.filter((s) => s.phaseKey === phaseKey) };
}

export interface StructureChoices {
  /** Phases with the ID a new item at the end of the phase gets (plans whose phases hold the items). */
  phases: { key: string; label: string; nextId?: string | null }[];
  /** Sections with the ID a new item there gets (null: the document's items have no IDs). */
  sections: { key: string; phaseKey: string | null; label: string; nextId: string | null }[];
}

/** An ID without its number (`CACHE-008` → `CACHE-`): IDs of one prefix never count as another's. */
const prefixOf = (id: string) => id.replace(/\d+$/, '');

/** Phases and sections for the add/move forms, each section with its next free ID (the planner's rule:
 * the last sibling's prefix, one past the highest number the plan ever used, removed items included). */
export async function structureChoices(db: Db, planId: number): Promise<StructureChoices> {
  const [outline, rows] = await Promise.all([planOutline(db, planId), itemPlaces(db, planId)]);
  // The IDs taken, grouped by their prefix (the ID without its number): the next ID of a prefix only depends on
  // that prefix's IDs, and a scan of every ID for each of a thousand sections was most of this (decision 052).
  const takenByPrefix = new Map<string, Set<string>>();
  for (const r of rows) {
    if (!r.itemId) continue;
    const prefix = prefixOf(r.itemId);
    const group = takenByPrefix.get(prefix);
    if (group) group.add(r.itemId);
    else takenByPrefix.set(prefix, new Set([r.itemId]));
  }
  const present = rows.filter((r) => !r.removed);
  const lettered = present.filter((r) => r.itemId && /[A-Za-z]/.test(r.itemId)).at(-1)?.itemId ?? null;
  const bySection = new Map<string, (string | null)[]>();
  const byPhase = new Map<string, (string | null)[]>();
  for (const r of present) {
    if (r.parentKey) continue;
    const [map, key] = r.sectionKey ? [bySection, r.sectionKey] : [byPhase, r.phaseKey];
    if (key === null) continue;
    const siblings = map.get(key);
    if (siblings) siblings.push(r.itemId);
    else map.set(key, [r.itemId]);
  }
  const none = new Set<string>();
  const suggest = (siblings: (string | null)[] = []) => {
    // The ID whose prefix suggestItemId continues: the last sibling's, else the plan's last lettered one.
    const last = siblings.findLast((id) => id !== null) ?? lettered;
    return suggestItemId(siblings, lettered, last ? (takenByPrefix.get(prefixOf(last)) ?? none) : none);
  };
  return {
    phases: outline.phases.map((p) => ({
      key: p.key,
      label: `${p.number !== null ? `Phase ${p.number}: ` : ''}${p.name}`,
      nextId: suggest(byPhase.get(p.key)),
    })),
    sections: outline.sections.map((s) => ({
      key: s.key,
      phaseKey: s.phaseKey,
      label: `${s.number ? `${s.number} ` : ''}${s.title}`,
      nextId: suggest(bySection.get(s.key)),
    })),
  };
}
