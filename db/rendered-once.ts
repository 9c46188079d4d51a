// The statements every tick sends (decision 065). drizzle renders a statement to text on every call (~0.15 ms
// for a tick's write): one of fixed shape is rendered once, with placeholders, and run with its values. And it
// goes as a named prepared statement, drizzle's `prepare(name)`: postgres.js sends an unprepared statement with
// parameters in two round trips (its parameter types asked first), a prepared one in one, parsed and planned
// once per connection. PGlite keeps its transactions' statements prepared anyway (db/pglite-statements.ts).
import { sql, type Query, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Db } from './client';

const dialect = new PgDialect();

/** `value('name')` in the statement; its value is given when the statement runs. */
export const value = (name: string) => sql.placeholder(name);

/**
 * A statement rendered once per shape: `build(shape)` returns it with `value(...)` placeholders; the result runs it
 * in `tx` with the placeholders' values and returns drizzle's raw result (rows as `execute` returns them).
 */
export function renderedOnce<Shape extends string | number>(
  name: string,
  build: (shape: Shape) => SQL,
): (tx: Db, shape: Shape, values: Record<string, unknown>) => Promise<unknown> {
  const rendered = new Map<Shape, Query>();
  return (tx, shape, values) => {
    let query = rendered.get(shape);
    if (!query) rendered.set(shape, (query = dialect.sqlToQuery(build(shape))));
    return tx._.session.prepareQuery(query, undefined, `${name}_${shape}`, false).execute(values);
  };
}
