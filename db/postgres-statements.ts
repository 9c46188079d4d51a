// drizzle sends every statement to postgres.js with `prepare: false`, and postgres.js then needs the parameters'
// types first: Parse and Describe, a wait for the server's answer, then Bind and Execute — two round trips per
// statement with parameters. Kept as named prepared statements (postgres.js's own default), a repeated statement
// is one round trip, parsed once, its plan cached by the server (decision 058).
import type { Sql } from 'postgres';

/** Distinct statement texts prepared at most per client (each one lives on every connection that ran it): past
 * that, new texts (variable-length IN lists, say) are sent unnamed as before. */
const KEPT = 500;

/** `sql` whose statements with parameters, in and out of transactions, are sent as named prepared statements. */
export function preparingStatements(sql: Sql): Sql {
  const kept = new Set<string>();
  const wrap = (client: Sql): Sql =>
    new Proxy(client, {
      get(target, property, receiver) {
        if (property === 'unsafe') {
          return (query: string, params: unknown[] = [], options: { prepare?: boolean } = {}) => {
            if (params.length && options.prepare === false && (kept.has(query) || kept.size < KEPT)) {
              kept.add(query);
              options = { ...options, prepare: true };
            }
            return target.unsafe(query, params as never, options);
          };
        }
        if (property === 'begin') {
          return (...args: unknown[]) => {
            const fn = args.pop() as (tx: Sql) => unknown;
            return (target.begin as (...a: unknown[]) => unknown)(...args, (tx: Sql) => fn(wrap(tx)));
          };
        }
        if (property === 'savepoint') {
          return (...args: unknown[]) => {
            const fn = args.pop() as (tx: Sql) => unknown;
            return (target as unknown as { savepoint: (...a: unknown[]) => unknown }).savepoint(...args, (tx: Sql) =>
              fn(wrap(tx)),
            );
          };
        }
        return Reflect.get(target, property, receiver) as unknown;
      },
    });
  return wrap(sql);
}
