// The statements every tick sends (decision 065). drizzle renders a statement to text on every call (~0.15 ms
// for a tick's write): one of fixed shape is rendered once, with placeholders, and run with its values. And it
// goes as a named prepared statement, drizzle's `prepare(name)`: postgres.js sends an unprepared statement with
// parameters in two round trips (its parameter types asked first), a prepared one in one, parsed and planned
// once per connection. PGlite keeps its transactions' statements prepared anyway (db/pglite-statements.ts).
import { getTableColumns, sql, type Query, type SQL } from 'drizzle-orm';
import { PgDialect, type PgTable } from 'drizzle-orm/pg-core';
import type { Db } from './client';

const dialect = new PgDialect();

/** `value('name')` in the statement; its value is given when the statement runs. */
export const value = (name: string) => sql.placeholder(name);

/**
 * A statement rendered once per shape (a number naming its variant, 0 for one of a single shape): `build(shape)`
 * returns it with `value(...)` placeholders; the result runs it in `tx` with the placeholders' values and returns
 * drizzle's raw result (rows as `execute` returns them).
 */
export function keptStatement(
  name: string,
  build: (shape: number) => SQL,
): (tx: Db, values: Record<string, unknown>, shape?: number) => Promise<unknown> {
  const rendered = new Map<number, Query>();
  return (tx, values, shape = 0) => {
    let query = rendered.get(shape);
    if (!query) rendered.set(shape, (query = dialect.sqlToQuery(build(shape))));
    return tx._.session.prepareQuery(query, undefined, `${name}_${shape}`, false).execute(values);
  };
}

/**
 * The columns of `table` for such a statement's select list (each as `"<prefix>.<column>"`), and a reader of them
 * from a row, mapped as drizzle maps its own selects; null when the row has none (a left join that found nothing).
 */
export function columnsOf<T extends PgTable>(
  table: T,
  prefix: string,
): { list: SQL; read: (row: Record<string, unknown>) => T['$inferSelect'] | null } {
  const columns = Object.entries(getTableColumns(table)).map(([key, column]) => ({
    key,
    column,
    alias: `${prefix}.${column.name}`,
  }));
  const primary = columns.find((c) => c.column.primary)!.alias;
  return {
    list: sql.join(
      columns.map(({ column, alias }) => sql`${column} AS ${sql.identifier(alias)}`),
      sql`, `,
    ),
    read: (row) => {
      if (row[primary] === null || row[primary] === undefined) return null;
      const out: Record<string, unknown> = {};
      for (const { key, column, alias } of columns) {
        const raw = row[alias];
        out[key] = raw === null || raw === undefined ? null : column.mapFromDriverValue(raw);
      }
      return out as T['$inferSelect'];
    },
  };
}
