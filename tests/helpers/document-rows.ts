// "Document and app never disagree", as a test can check it: what the database holds of a plan's document must be
// what importing the same text afresh stores. Shared by the engine's and the re-sync's random tests.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { readItemRows, readLogRows, readPhaseRows, readSectionRows } from '../../db/queries/plan-rows';
import { plans } from '../../db/schema';
import { looksLikeSource, parsePlan } from '../../parser/index';
import { syncPlan } from '../../sync/import';
import { tempPlansDir, uniqueName } from './database';
import { ROOT } from './paths';

/** What the database holds of a plan's document, as an import reads it back (ids, versions and times aside). */
export async function documentRows(db: Db, planId: number) {
  const active = <T extends { removedAt: Date | null; position: number }>(rows: T[]) =>
    rows
      .filter((r) => r.removedAt === null)
      .sort((a, b) => a.position - b.position)
      .map(({ id: _i, planId: _p, version: _v, removedAt: _r, ...rest }: T & Record<string, unknown>) => rest);
  const [plan] = await db
    .select({ title: plans.title, stated: plans.stated, diagnostics: plans.diagnostics })
    .from(plans)
    .where(eq(plans.id, planId));
  return {
    plan,
    items: active(await readItemRows(db, planId)),
    phases: active(await readPhaseRows(db, planId)),
    sections: active(await readSectionRows(db, planId)),
    log: await readLogRows(db, planId),
  };
}

/** documentRows of `text` imported afresh, as a plan of its own. */
export async function freshImportRows(db: Db, text: string): Promise<Awaited<ReturnType<typeof documentRows>>> {
  const dir = tempPlansDir('fresh');
  const file = path.join(dir, uniqueName('fresh'));
  writeFileSync(file, text);
  const r = await syncPlan(db, file, { plansDir: dir });
  if (r.error || r.planId === null) throw new Error(`a fresh import of the text failed: ${r.error}`);
  return documentRows(db, r.planId);
}

/** The seed, every fixture and every corpus file that import tracks as a plan (with items, not a gap analysis). */
export function planDocuments(): string[] {
  const fixtures = path.join(ROOT, 'tests/fixtures');
  const corpus = path.join(fixtures, 'corpus');
  return [
    ...readdirSync(fixtures)
      .map((d) => path.join(fixtures, d, 'input.md'))
      .filter((f) => existsSync(f)),
    ...readdirSync(corpus, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.md') && !f.endsWith('SOURCES.md'))
      .map((f) => path.join(corpus, f)),
  ].filter((f) => {
    const text = readFileSync(f, 'utf8');
    return parsePlan(text).items.length > 0 && !looksLikeSource(text);
  });
}
