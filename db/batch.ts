// Bulk writes. PostgreSQL allows at most 65,534 bind parameters per statement: small tables insert in
// chunks under that; large ones send all rows as one jsonb parameter (see insertJsonRows).
import { getTableColumns, sql } from 'drizzle-orm';
import type { PgTable, PgInsertValue } from 'drizzle-orm/pg-core';
import type { Db } from './client';

export const MAX_PARAMS = 65_000;

/** Rows per statement for a table: every column may become a parameter. */
export function rowsPerStatement(columnCount: number): number {
  return Math.max(1, Math.floor(MAX_PARAMS / Math.max(1, columnCount)));
}

export function chunk<T>(rows: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** Insert rows in chunks; `onChunk` reports progress for long imports. */
export async function insertChunked<T extends PgTable>(
  db: Db,
  table: T,
  rows: PgInsertValue<T>[],
  onChunk?: (written: number) => void,
): Promise<void> {
  const size = rowsPerStatement(Object.keys(getTableColumns(table)).length);
  let written = 0;
  for (const part of chunk(rows, size)) {
    await db.insert(table).values(part);
    written += part.length;
    onChunk?.(written);
  }
}

export interface BulkColumn {
  /** SQL column name. */
  name: string;
  /** PostgreSQL type for the VALUES cast (`int`, `text`, `boolean`, `date`, `timestamptz`, `jsonb`). */
  type: string;
}

/** The rows of an `execute()` result: postgres.js returns an array, PGlite an object with `rows`. */
export function resultRows<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : ((result as { rows?: T[] }).rows ?? [])) as T[];
}

/** Rows per JSON statement: bounds the size of one parameter (a few MB), not the parameter count. */
const JSON_ROWS = 20_000;

/**
 * Insert many rows as ONE jsonb parameter expanded by `jsonb_to_recordset`: drizzle's builder and the
 * drivers' per-parameter work cost seconds for tens of thousands of bound values; one JSON document costs
 * milliseconds. `rows` hold values keyed by SQL column name. Returns the `returning` columns when asked.
 */
export async function insertJsonRows<R = never>(
  db: Db,
  tableName: string,
  columns: BulkColumn[],
  rows: Record<string, unknown>[],
  returning: string[] = [],
): Promise<R[]> {
  const out: R[] = [];
  if (!rows.length) return out;
  const names = sql.raw(columns.map((c) => `"${c.name}"`).join(', '));
  const defs = sql.raw(columns.map((c) => `"${c.name}" ${c.type}`).join(', '));
  const ret = returning.length ? sql.raw(` RETURNING ${returning.map((r) => `"${r}"`).join(', ')}`) : sql``;
  for (const part of chunk(rows, JSON_ROWS)) {
    const result = await db.execute(
      sql`INSERT INTO ${sql.raw(`"${tableName}"`)} (${names}) SELECT ${names} FROM jsonb_to_recordset(${JSON.stringify(part)}::jsonb) AS x(${defs})${ret}`,
    );
    if (returning.length) out.push(...resultRows<R>(result));
  }
  return out;
}

/** `UPDATE … FROM jsonb_to_recordset(…)`: the same one-parameter trick for updates by id. */
export async function updateJsonRows(
  db: Db,
  tableName: string,
  columns: BulkColumn[],
  rows: Record<string, unknown>[],
): Promise<void> {
  if (!rows.length) return;
  const setList = sql.raw(columns.map((c) => `"${c.name}" = v."${c.name}"`).join(', '));
  const defs = sql.raw([`"id" int`, ...columns.map((c) => `"${c.name}" ${c.type}`)].join(', '));
  for (const part of chunk(rows, JSON_ROWS)) {
    await db.execute(
      sql`UPDATE ${sql.raw(`"${tableName}"`)} AS t SET ${setList} FROM jsonb_to_recordset(${JSON.stringify(part)}::jsonb) AS v(${defs}) WHERE t."id" = v."id"`,
    );
  }
}

/** Rows written at once past which the planner's statistics are refreshed (see refreshStatistics). */
export const ANALYZE_AFTER_ROWS = 500;

/**
 * Refreshes the planner's statistics of tables that just grew by many rows. PGlite has no autovacuum, and the
 * server's runs only later: until then the planner believes a 10,000-item plan holds a few dozen rows and sorts
 * all of them for a page of 100 instead of walking the (plan, position) index (measured: 22 → 9 ms a page).
 */
export async function refreshStatistics(db: Db, tableNames: string[]): Promise<void> {
  for (const name of tableNames) await db.execute(sql.raw(`ANALYZE ${name}`));
}
