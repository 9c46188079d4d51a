// "What's next": open items, started ones first, then by phase priority (HIGH before MEDIUM before LOW),
// phase order and document order. Optional items come after required ones of the same phase.
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { items, phases, plans } from '../schema';

export interface NextItem {
  planSlug: string;
  key: string;
  itemId: string | null;
  title: string;
  status: 'todo' | 'in-progress';
  optional: boolean;
  phaseKey: string | null;
  phaseName: string | null;
  priority: string | null;
  line: number;
}

const priorityRank = sql`case upper(coalesce(${phases.priority}, ''))
  when 'CRITICAL' then 0 when 'HIGH' then 1 when 'MEDIUM' then 2 when 'LOW' then 3 else 4 end`;

export async function nextItems(db: Db, opts: { planId?: number; limit?: number } = {}): Promise<NextItem[]> {
  const rows = await db
    .select({
      planSlug: plans.slug,
      key: items.key,
      itemId: items.itemId,
      title: items.title,
      status: items.status,
      optional: items.optional,
      phaseKey: items.phaseKey,
      phaseName: phases.name,
      priority: phases.priority,
      line: items.line,
    })
    .from(items)
    .innerJoin(plans, eq(plans.id, items.planId))
    .leftJoin(phases, and(eq(phases.planId, items.planId), eq(phases.key, items.phaseKey)))
    .where(
      and(
        isNull(items.removedAt),
        inArray(items.status, ['todo', 'in-progress']),
        opts.planId !== undefined ? eq(items.planId, opts.planId) : undefined,
      ),
    )
    .orderBy(
      sql`case when ${items.status} = 'in-progress' then 0 else 1 end`,
      priorityRank,
      sql`coalesce(${phases.position}, 2147483647)`,
      asc(items.optional),
      asc(plans.slug),
      asc(items.position),
    )
    .limit(Math.max(1, opts.limit ?? 10));
  return rows as NextItem[];
}
