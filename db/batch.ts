// Bulk writes. PostgreSQL allows at most 65,534 bind parameters per statement: small tables insert in
// chunks under that; large ones send all rows as one jsonb parameter (see insertJsonRows).
import { getTableColumns, getTableName, sql } from 'drizzle-orm';
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

/** The rows of an `execute()` result: postgres.js returns an array, PGlite an object with `rows`. */
export function resultRows<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : ((result as { rows?: T[] }).rows ?? [])) as T[];
}

/** Rows per JSON statement: bounds the size of one parameter (a few MB), not the parameter count. */
const JSON_ROWS = 20_000;

type ColumnKey<T extends PgTable> = keyof T['_']['columns'] & string;
type RowOf<T extends PgTable, K extends ColumnKey<T>> = { [P in K]?: T['$inferInsert'][P] | null | undefined };

/** The SQL names and types of `keys` as the schema declares them, so a renamed column is followed. */
function recordsetColumns<T extends PgTable>(table: T, keys: readonly ColumnKey<T>[]) {
  const columns = getTableColumns(table);
  return keys.map((key) => {
    const column = columns[key];
    // A serial is an integer once written; the recordset's column list takes types, not column defaults.
    const type = column.columnType === 'PgSerial' ? 'integer' : column.getSQLType();
    return { key, name: column.name, type };
  });
}

/** `rows` keyed by the schema's property names → keyed by SQL column name, as jsonb_to_recordset reads them. */
function recordsetRows(columns: { key: string; name: string }[], rows: Record<string, unknown>[]) {
  return rows.map((row) => Object.fromEntries(columns.map((c) => [c.name, row[c.key] ?? null])));
}

const identifiers = (names: string[]) =>
  sql.join(
    names.map((n) => sql.identifier(n)),
    sql`, `,
  );

/**
 * Insert many rows as ONE jsonb parameter expanded by `jsonb_to_recordset`: drizzle's builder and the
 * drivers' per-parameter work cost seconds for tens of thousands of bound values; one JSON document costs
 * milliseconds. Rows and `returning` use the schema's property names; returns those columns when asked.
 */
export async function insertJsonRows<T extends PgTable, K extends ColumnKey<T>, R extends ColumnKey<T> = never>(
  db: Db,
  table: T,
  keys: readonly K[],
  rows: RowOf<T, K>[],
  returning: readonly R[] = [],
): Promise<{ [P in R]: T['$inferSelect'][P] }[]> {
  const out: { [P in R]: T['$inferSelect'][P] }[] = [];
  if (!rows.length) return out;
  const columns = recordsetColumns(table, keys);
  const names = identifiers(columns.map((c) => c.name));
  const defs = sql.raw(columns.map((c) => `"${c.name}" ${c.type}`).join(', '));
  const back = recordsetColumns(table, returning);
  const ret = back.length
    ? sql` RETURNING ${sql.join(
        back.map((c) => sql`${sql.identifier(c.name)} AS ${sql.identifier(c.key)}`),
        sql`, `,
      )}`
    : sql``;
  for (const part of chunk(rows, JSON_ROWS)) {
    const json = JSON.stringify(recordsetRows(columns, part));
    const result = await db.execute(
      sql`INSERT INTO ${table} (${names}) SELECT ${names} FROM jsonb_to_recordset(${json}::jsonb) AS x(${defs})${ret}`,
    );
    if (back.length) out.push(...resultRows<{ [P in R]: T['$inferSelect'][P] }>(result));
  }
  return out;
}

/** `UPDATE … FROM jsonb_to_recordset(…)`: the same one-parameter trick for updates by id. */
export async function updateJsonRows<T extends PgTable, K extends ColumnKey<T>>(
  db: Db,
  table: T,
  keys: readonly K[],
  rows: (RowOf<T, K> & { id: number })[],
): Promise<void> {
  if (!rows.length) return;
  const columns = recordsetColumns(table, keys);
  const id = recordsetColumns(table, ['id' as ColumnKey<T>])[0];
  const setList = sql.join(
    columns.map((c) => sql`${sql.identifier(c.name)} = v.${sql.identifier(c.name)}`),
    sql`, `,
  );
  const defs = sql.raw([id, ...columns].map((c) => `"${c.name}" ${c.type}`).join(', '));
  for (const part of chunk(rows, JSON_ROWS)) {
    const json = JSON.stringify(recordsetRows([id, ...columns], part));
    await db.execute(
      sql`UPDATE ${table} AS t SET ${setList} FROM jsonb_to_recordset(${json}::jsonb) AS v(${defs}) WHERE t.${sql.identifier(id.name)} = v.${sql.identifier(id.name)}`,
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
export async function refreshStatistics(db: Db, tables: PgTable[]): Promise<void> {
  for (const table of tables) await db.execute(sql`ANALYZE ${sql.identifier(getTableName(table))}`);
}
