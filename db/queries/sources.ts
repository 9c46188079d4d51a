// Source documents (gap analyses) and their topics; a plan's coverage links as last computed.
import { asc, count, eq } from 'drizzle-orm';
import type { Db } from '../client';
import { coverageLinks, plans, sources, sourceTopics, type SourceRow } from '../schema';
import type {
  Diagnostic,
  ItemCoverage,
  SourceModel,
  SourceTopic,
  TopicPriority,
  TopicStatus,
} from '../../parser/index';

export interface SourceSummary {
  id: number;
  path: string;
  title: string | null;
  topics: number;
  errorCount: number;
  /** The first error diagnostics (line, column, message), for the Sources page. */
  errors: Pick<Diagnostic, 'line' | 'column' | 'message'>[];
  updatedAt: Date;
}

/** Replace a source's topics with the parsed ones (one transaction); returns the source's id. */
export async function storeSource(db: Db, path: string, hash: string, model: SourceModel): Promise<number> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(sources)
      .values({ path, title: model.title, contentHash: hash, diagnostics: model.diagnostics })
      .onConflictDoUpdate({
        target: sources.path,
        set: { title: model.title, contentHash: hash, diagnostics: model.diagnostics, updatedAt: new Date() },
      })
      .returning({ id: sources.id });
    await tx.delete(sourceTopics).where(eq(sourceTopics.sourceId, row.id));
    if (model.topics.length) {
      await tx.insert(sourceTopics).values(
        model.topics.map((t) => ({
          sourceId: row.id,
          line: t.line,
          category: t.category,
          topic: t.topic,
          status: t.status,
          priority: t.priority,
          description: t.description,
        })),
      );
    }
    return row.id;
  });
}

export async function sourceByPath(db: Db, path: string): Promise<SourceRow | undefined> {
  return (await db.select().from(sources).where(eq(sources.path, path)))[0];
}

export async function listSources(db: Db): Promise<SourceSummary[]> {
  const rows = await db
    .select({
      id: sources.id,
      path: sources.path,
      title: sources.title,
      diagnostics: sources.diagnostics,
      updatedAt: sources.updatedAt,
      topics: count(sourceTopics.id),
    })
    .from(sources)
    .leftJoin(sourceTopics, eq(sourceTopics.sourceId, sources.id))
    .groupBy(sources.id)
    .orderBy(asc(sources.path));
  return rows.map(({ diagnostics, ...r }) => {
    const errors = (diagnostics as Diagnostic[]).filter((d) => d.severity === 'error');
    return {
      ...r,
      errorCount: errors.length,
      errors: errors.slice(0, 5).map((d) => ({ line: d.line, column: d.column, message: d.message })),
    };
  });
}

/** Every stored source (or those at `paths`) as the parser would give it (file = the stored path's base
 * name), in path order. */
export async function loadSourceModels(db: Db, paths?: readonly string[]): Promise<SourceModel[]> {
  const rows = (await db.select().from(sources).orderBy(asc(sources.path))).filter(
    (s) => !paths || paths.includes(s.path),
  );
  const topics = await db.select().from(sourceTopics).orderBy(asc(sourceTopics.sourceId), asc(sourceTopics.line));
  return rows.map((s) => {
    const file = s.path.split(/[\\/]/).pop()!;
    return {
      file,
      title: s.title,
      tables: 1,
      diagnostics: s.diagnostics as Diagnostic[],
      topics: topics
        .filter((t) => t.sourceId === s.id)
        .map((t): SourceTopic => ({
          file,
          line: t.line,
          column: 1,
          category: t.category,
          topic: t.topic,
          status: t.status as TopicStatus,
          priority: t.priority as TopicPriority | null,
          description: t.description,
        })),
    };
  });
}

/** What the stored sources are, as one string that changes whenever one is added, changed or removed (their
 * ids and content hashes): a cache of anything computed from them keys on it. '' when there is none. */
export async function sourcesStamp(db: Db): Promise<string> {
  const rows = await db.select({ id: sources.id, hash: sources.contentHash }).from(sources).orderBy(asc(sources.id));
  return rows.map((r) => `${r.id}:${r.hash}`).join(',');
}

/** Record a plan's links as just computed (replacing the previous ones). */
export async function storeCoverageLinks(db: Db, planId: number, items: readonly ItemCoverage[]): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(coverageLinks).where(eq(coverageLinks.planId, planId));
    const rows = items.flatMap((i) =>
      i.topics.map((t) => ({ planId, itemId: i.id, sourceFile: t.file, topic: t.topic, line: t.line, found: i.found })),
    );
    for (let k = 0; k < rows.length; k += 500) await tx.insert(coverageLinks).values(rows.slice(k, k + 500));
  });
}

export async function coverageLinksOf(db: Db, planId: number) {
  return db.select().from(coverageLinks).where(eq(coverageLinks.planId, planId)).orderBy(asc(coverageLinks.id));
}

/** A plan row that only ever held a source's (zero) items: removed when the file turns out to be a source. */
export async function deletePlanRow(db: Db, planId: number): Promise<void> {
  await db.delete(plans).where(eq(plans.id, planId));
}
