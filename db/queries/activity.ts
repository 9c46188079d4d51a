// Who did what, newest first: the activity feed of one plan or of all plans (issue 13). One entry is one change
// written through Tickmark (the `changes` table: a tick, a structure change, dates — with its summary and the
// signed-in actor), one undo of such a change (who undid it), or one batch of status events recorded together
// that no change wrote (a file edit imported, the progress log or git history read back), grouped by plan,
// time, source and actor.
import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { resultRows } from '../batch';

/** The items an event batch shows by name; the rest are counted. */
export const ACTIVITY_ITEMS_SHOWN = 5;

export interface ActivityItem {
  /** The item's ID, or its key when it has none. */
  id: string;
  key: string;
  from: string | null;
  to: string;
  note: string | null;
}

export interface ActivityEntry {
  slug: string;
  planTitle: string | null;
  /** ISO timestamp. */
  at: string;
  source: string;
  /** The user, token or OS user the server established; null for file edits and history read back. */
  actor: string | null;
  /** A change written through Tickmark, in words (`CACHE-001 done → todo`); null for an event batch. */
  summary: string | null;
  /** The change was undone since. */
  undone: boolean;
  /** An undo: the summary of the change it undid (`actor` undid it). */
  undid: string | null;
  /** For an event batch: how many items changed, and the first few. */
  count: number;
  items: ActivityItem[];
}

/**
 * One page of the feed (`limit` entries after `offset`), of one plan or all; `more` says whether older entries
 * follow. Reads the events once, grouped in SQL: on a 10,000-item plan the first import is one entry.
 */
export async function listActivity(
  db: Db,
  opts: { planId?: number; offset: number; limit: number },
): Promise<{ entries: ActivityEntry[]; more: boolean }> {
  const onPlan = (column: string) =>
    opts.planId === undefined ? sql`true` : sql`${sql.raw(column)} = ${opts.planId}::int`;
  const result = await db.execute(sql`
    WITH batch AS (
      SELECT e.plan_id, e.at, e.source, e.actor, count(*)::int AS n,
        to_jsonb((array_agg(jsonb_build_object('id', coalesce(i.item_id, i.key), 'key', i.key,
          'from', e.from_status, 'to', e.to_status, 'note', e.note) ORDER BY e.id))[1:${ACTIVITY_ITEMS_SHOWN}]) AS items
      FROM item_events e JOIN items i ON i.id = e.item_id
      WHERE ${onPlan('e.plan_id')}
      GROUP BY e.plan_id, e.at, e.source, e.actor
    ), feed AS (
      SELECT c.plan_id, c.at, c.source, c.actor, c.summary, c.undone_at IS NOT NULL AS undone,
        NULL::text AS undid, 0 AS n, '[]'::jsonb AS items, c.id AS change_id
      FROM changes c WHERE ${onPlan('c.plan_id')}
      UNION ALL
      SELECT c.plan_id, c.undone_at, coalesce(c.undone_source, c.source), c.undone_by, NULL, false, c.summary, 0,
        '[]'::jsonb, c.id
      FROM changes c WHERE c.undone_at IS NOT NULL AND ${onPlan('c.plan_id')}
      UNION ALL
      SELECT b.plan_id, b.at, b.source, b.actor, NULL, false,
NULL, b.n, b.items, NULL
      FROM batch b
      WHERE NOT EXISTS (SELECT 1 FROM changes c WHERE c.plan_id = b.plan_id
        AND (c.at = b.at AND c.source = b.source OR c.undone_at = b.at))
    )
    SELECT p.slug, p.title AS plan_title,
      to_char(f.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at,
      f.source, f.actor, f.summary, f.undone, f.undid, f.n, f.items
    FROM feed f JOIN plans p ON p.id = f.plan_id
    ORDER BY f.at DESC, f.change_id DESC NULLS LAST, p.slug
    LIMIT ${opts.limit + 1} OFFSET ${opts.offset}
  `);
  const rows = resultRows<{
    slug: string;
    plan_title: string | null;
    at: string;
    source: string;
    actor: string | null;
    summary: string | null;
    undone: boolean;
    undid: string | null;
    n: number;
    items: ActivityItem[] | string | null;
  }>(result);
  const entries = rows.slice(0, opts.limit).map((r) => ({
    slug: r.slug,
    planTitle: r.plan_title,
    at: r.at,
    source: r.source,
    actor: r.actor,
    summary: r.summary,
    undone: r.undone,
    undid: r.undid,
    count: Number(r.n),
    items: (typeof r.items === 'string' ? JSON.parse(r.items) : (r.items ?? [])) as ActivityItem[],
  }));
  return { entries, more: rows.length > opts.limit };
}
