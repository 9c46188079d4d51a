// Bulk writes that stay under PostgreSQL's 65,534 bind parameters per statement.
import { getTableColumns, sql, type SQL } from 'drizzle-orm';
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

/**
 * `UPDATE table SET col = v.col … FROM (VALUES …) v WHERE table.id = v.id`, chunked: one statement per
 * few thousand rows instead of one round trip per row (a line inserted near the top of a 10,000-item plan
 * moves every item below it).
 */
export async function bulkUpdate(
  db: Db,
  tableName: string,
  columns: BulkColumn[],
  rows: { id: number; values: unknown[] }[],
): Promise<void> {
  if (!rows.length) return;
  const size = rowsPerStatement(columns.length + 1);
  const names = ['id', ...columns.map((c) => c.name)];
  const types = ['int', ...columns.map((c) => c.type)];
  const setList = sql.raw(columns.map((c) => `"${c.name}" = v."${c.name}"`).join(', '));
  const colList = sql.raw(names.map((n) => `"${n}"`).join(', '));
  for (const part of chunk(rows, size)) {
    const tuples: SQL[] = part.map(
      (r) => sql`(${sql.join([r.id, ...r.values].map((v, i) => sql`${v}::${sql.raw(types[i])}`), sql`, `)})`,
    );
    await db.execute(
      sql`UPDATE ${sql.raw(`"${tableName}"`)} AS t SET ${setList} FROM (VALUES ${sql.join(tuples, sql`, `)}) AS v(${colList}) WHERE t."id" = v."id"`,
    );
  }
}
