// The dashboard's curriculum planning, on the same pure engine as `tickmark plan` and `tickmark coverage`:
// a plan generated from stored sources (written as a new file, then tracked), what merging sources into a
// plan would add and change, and the user's word on coverage links (written into the plan's Source Coverage
// table, decision 024).
import { basename, join } from 'node:path';
import type { Db } from '../db/client';
import { itemPlaces, loadSourceModels } from '../db/queries/index';
import {
  applyStructureChanges,
  generatePlan,
  linksAfterEdits,
  mergePlan,
  normaliseTopic,
  parsePlan,
  readCoverageTable,
  topicChanges,
  type GeneratePlanOptions,
  type GeneratedPlan,
  type LinkEdit,
  type MergePlan,
  type StructureChange,
} from '../parser/index';
import { syncPlan } from './import';
import { planCoverage, planCoverageWithText } from './plan-coverage';
import { readPlanFile } from './read-plan-file';
import { saveCoverageLinks } from './save-coverage';
import { writeNewPlan } from './write-new-plan';

/** Bad input from the user (no sources, a bad file name, an unknown topic): the message says what to do. */
export class CurriculumInputError extends Error {
  readonly name = 'CurriculumInputError';
}

/** A plan's file name as the form gives it: a base name in the plans folder, ending in `.md`. */
export function planFileName(name: string): string {
  const trimmed = name.trim();
  const file = trimmed.toLowerCase().endsWith('.md') ? trimmed : `${trimmed}.md`;
  if (!trimmed || basename(file) !== file || file.startsWith('.') || !/^[\w.-]+\.md$/.test(file)) {
    throw new CurriculumInputError(
      `“${name}” is not a file name for the plans folder: use letters, digits, dots, dashes or underscores, such as system-design-plan.md.`,
    );
  }
  return file;
}

/** The plan the stored sources at `paths` (as the sources list shows them) would give. */
export async function previewPlanFromSources(
  db: Db,
  paths: readonly string[],
  opts: GeneratePlanOptions,
): Promise<GeneratedPlan> {
  if (!paths.length) throw new CurriculumInputError('Choose at least one source.');
  const models = await loadSourceModels(db, paths);
  if (models.length !== paths.length) {
    const known = new Set(models.map((m) => m.file));
    const missing = paths.filter((p) => !known.has(basename(p)));
    throw new CurriculumInputError(`No source ${missing.join(', ')} any more; reload the page.`);
  }
  const broken = models.filter((m) => m.diagnostics.some((d) => d.severity === 'error'));
  if (broken.length) {
    const d = broken[0].diagnostics.find((x) => x.severity === 'error')!;
    throw new CurriculumInputError(
      `${broken[0].file}:${d.line}:${d.column} ${d.message} — fix the source first; nothing was written.`,
    );
  }
  const plan = generatePlan(models, opts);
  if (!plan.items.length) throw new CurriculumInputError('The chosen sources have no topic with those statuses.');
  return plan;
}

/** Writes the generated plan as `plansDir/name` (refused when the file exists) and tracks it. */
export async function createPlanFromSources(
  db: Db,
  plansDir: string,
  paths: readonly string[],
  name: string,
  opts: GeneratePlanOptions,
): Promise<{ slug: string | null; path: string; items: number }> {
  const fileName = planFileName(name);
  const plan = await previewPlanFromSources(db, paths, opts);
  if (plan.readBackError) {
    throw new Error(`the generated plan does not read back cleanly (${plan.readBackError}); nothing written`);
  }
  const file = join(plansDir, fileName);
  await writeNewPlan(file, plan.text);
  const synced = await syncPlan(db, file, { plansDir });
  return { slug: synced.slug, path: synced.path, items: plan.items.length };
}

export interface MergePreviewItem {
  file: string;
  line: number;
  topic: string;
  category: string;
  priority: string | null;
  status: string;
  /** The ID and section the engine gives the new item. */
  id: string | null;
  section: string | null;
}

/** What merging the sources (`files`: base names; all when null) into the plan would do, with the IDs and
 * sections the new items would get (the structure engine run on the text, nothing written). */
export type MergePreview = Omit<MergePlan, 'add'> & { add: MergePreviewItem[] };

export async function mergePreview(
  db: Db,
  plan: { id: number; file: string },
  files: readonly string[] | null,
): Promise<MergePreview | null> {
  const coverage = await planCoverage(db, plan);
  if (!coverage) return null;
  const { source } = await readPlanFile(plan.file);
  const model = parsePlan(source);
  const merge = mergePlan(model, coverage, { files: files ?? undefined });
  const knownIds = await retiredIds(db, plan.id);
  const changes = topicChanges(model, merge.add, { knownIds });
  const applied = merge.add.length
    ? applyStructureChanges(source, changes, { today: '2000-01-01', knownIds, model })
    : null;
  // The new items as the engine made them, matched to their topics by title (topicChanges groups them by
  // section, so their order is not the topics').
  const made = new Map<string, { id: string | null; section: string | null }>();
  for (const o of applied?.outcomes ?? []) {
    const item = o.kind === 'add-item' ? applied!.model.items.find((i) => i.key === o.key) : undefined;
    if (!item) continue;
    const section = applied!.model.sections.find((s) => s.key === item.sectionKey);
    made.set(normaliseTopic(item.title), {
      id: item.id,
      section: section ? `${section.number ? `${section.number} ` : ''}${section.title}` : null,
    });
  }
  return {
    ...merge,
    add: merge.add.map((t) => ({
      file: t.file,
      line: t.line,
      topic: t.topic,
      category: t.category,
      priority: t.priority,
      status: t.status,
      ...(made.get(normaliseTopic(t.topic)) ?? { id: null, section: null }),
    })),
  };
}

/** Every ID the plan has or ever had: a new item never gets a retired one. */
export async function retiredIds(db: Db, planId: number): Promise<string[]> {
  return (await itemPlaces(db, planId)).flatMap((r) => (r.itemId ? [r.itemId] : []));
}

/** The structure changes that add the topics at `refs` (file and line) where they belong. */
export async function topicChangesFor(
  db: Db,
  plan: { id: number; file: string },
  refs: readonly { file: string; line: number }[],
): Promise<{ changes: StructureChange[]; titles: string[] }> {
  const coverage = await planCoverage(db, plan);
  const topics = refs.map((r) => coverage?.topics.find((t) => t.file === r.file && t.line === r.line));
  const missing = refs.filter((_, i) => !topics[i]);
  if (missing.length) {
    throw new CurriculumInputError(
      `No topic at ${missing.map((m) => `${m.file}:${m.line}`).join(', ')} any more (the source changed); reload the page.`,
    );
  }
  const { source } = await readPlanFile(plan.file);
  const found = topics.filter((t) => t !== undefined);
  return {
    titles: found.map((t) => t.topic),
    changes: topicChanges(parsePlan(source), found, { knownIds: await retiredIds(db, plan.id) }),
  };
}

export type LinkRequest = (
  { kind: 'link' | 'unlink'; id: string; file: string; line: number } | { kind: 'confirm'; id: string }
) & {
  /** The item's links as the page showed them (`file#line` each, in order): when they differ now, someone
   * changed them meanwhile and the request is refused rather than applied to links the user did not see. */
  seen?: string[];
};

/** An item's links as a page names them (LinkRequest.seen). */
const seenLinks = (topics: readonly { file: string; line: number }[]): string[] =>
  topics.map((t) => `${t.file}#${t.line}`);

/** Writes the user's word on links into the plan's Source Coverage table through the write-back engine (the
 * plan's lock, a crash intent, one Undo: sync/save-coverage.ts), then records the links the plan now has. */
export async function saveLinkEdits(
  db: Db,
  plansDir: string,
  plan: { id: number; file: string },
  requests: readonly LinkRequest[],
  opts: { actor: string | null },
): Promise<{ changed: boolean }> {
  const found = await planCoverageWithText(db, plan);
  if (!found) throw new CurriculumInputError('There are no source documents to link to.');
  const { coverage, text } = found;
  const byId = new Map(coverage.items.map((i) => [i.id, i]));
  const edits: LinkEdit[] = requests.map((r) => {
    const item = byId.get(r.id);
    if (!item) throw new CurriculumInputError(`There is no item ${r.id} in this plan (any more); reload the page.`);
    const now = seenLinks(item.topics);
    if (r.seen && r.seen.join('\n') !== now.join('\n')) {
      throw new CurriculumInputError(
        `${r.id}’s links changed since the page was shown (now: ${now.join(', ') || 'none'}); nothing was written. Reload to see them.`,
      );
    }
    if (r.kind === 'confirm') return { kind: 'confirm', id: r.id };
    const topic = coverage.topics.find((t) => t.file === r.file && t.line === r.line);
    if (!topic)
      throw new CurriculumInputError(`No topic at ${r.file}:${r.line} any more (the source changed); reload the page.`);
    return { kind: r.kind, id: r.id, topic: { file: topic.file, line: topic.line, topic: topic.topic } };
  });
  const changed = await saveCoverageLinks(
    db,
    plan.id,
    readCoverageTable(text),
    linksAfterEdits(coverage, edits),
    edits.map(describeLinkEdit).join(', '),
    { source: 'ui', actor: opts.actor, plansDir },
  );
  if (changed) await planCoverage(db, plan); // the stored links (coverage_links) follow the file
  return { changed };
}

function describeLinkEdit(e: LinkEdit): string {
  if (e.kind === 'confirm') return `confirmed ${e.id}’s links`;
  return `${e.kind === 'link' ? 'linked' : 'unlinked'} ${e.id} ${e.kind === 'link' ? '→' : '↛'} ${e.topic.file}: ${e.topic.topic}`;
}
