// PGlite parses, plans and describes every parameterised statement afresh (its `query` sends Parse, Describe,
// Bind, Describe, Execute, Sync to the unnamed statement each time); on the PostgreSQL server postgres.js
// keeps named prepared statements instead. Inside a transaction, the statements drizzle sends here become named
// prepared statements, kept per query text, so a repeated statement (a tick's read and write) is parsed and
// described once and its plan cached by PostgreSQL's plan cache (decision 058). Each run then sends only Bind,
// Execute and Sync, and its rows are read with the columns that first Describe gave (decision 071).
import { parse, protocol, type PGlite, type Transaction } from '@electric-sql/pglite';

type QueryOptions = Parameters<Transaction['query']>[2];
type Results = Awaited<ReturnType<Transaction['query']>>;

/** Statements kept at most; the least recently used is closed beyond that. */
const KEPT = 200;

/** Only plain data statements are kept (not DDL, savepoints or transaction control). */
const KEEPABLE = /^\s*\(?\s*(select|insert|update|delete|with)\b/i;

interface Statement {
  name: string;
  /** The parameters' type OIDs, as PostgreSQL inferred them. */
  types: number[];
  /** Its result's columns as the statement's Describe gave them, null when it returns none: laid before each
   * execution's rows instead of asking for them again (a portal's Describe, parsed afresh each time). */
  columns: BackendMessage | null;
}

type BackendMessage = Parameters<typeof parse.parseResults>[0][number];

/** Execute the unnamed portal (all rows), then Sync: the same bytes after every Bind. */
const EXECUTE_AND_SYNC = Buffer.concat([protocol.serialize.execute({}), protocol.serialize.sync()]);

/** Makes `client.transaction` hand out transactions whose `query` runs through named prepared statements. */
export function prepareInTransactions(client: PGlite): PGlite {
  const statements = new Map<string, Statement>();
  let made = 0;
  const original = client.transaction.bind(client);

  const send = (message: Uint8Array) => client.execProtocolStream(message, { syncToFs: false });

  async function run(tx: Transaction, text: string, params: unknown[], options: QueryOptions): Promise<Results> {
    if (tx.closed) throw new Error('Transaction is closed');
    return client.runExclusive(async () => {
      let synced = false;
      let messages;
      try {
        let statement = statements.get(text);
        if (statement) {
          // Most recently used last: the map's first entry is the one to close.
          statements.delete(text);
          statements.set(text, statement);
        } else {
          if (statements.size >= KEPT) {
            const [oldest, { name }] = statements.entries().next().value as [string, Statement];
            statements.delete(oldest);
            await send(protocol.serialize.close({ type: 'S', name }));
          }
          const name = `tm_${++made}`;
          await send(protocol.serialize.parse({ name, text, types: options?.paramTypes }));
          const described = await send(protocol.serialize.describe({ type: 'S', name }));
          const types = parse.parseDescribeStatementResults(described);
          statement = { name, types, columns: described.find((m) => m.name === 'rowDescription') ?? null };
          statements.set(text, statement);
        }
        const types = statement.types;
        const values = params.map((param, i): string | null => {
          if (param === null || param === undefined) return null;
          const serialize = options?.serializers?.[types[i]] ?? client.serializers[types[i]];
          return serialize ? serialize(param) : String(param);
        });
        // One call into the database for the three messages: each call costs ~25 µs of its own.
        synced = true;
        messages = await send(bindExecuteSync(statement.name, values));
        if (statement.columns) messages = [statement.columns, ...messages];
      } catch (error) {
        // A failed Parse or Describe leaves the protocol waiting for a Sync (a failed Bind or Execute came with one).
        if (!synced) await send(protocol.serialize.sync());
        // As PGlite's own query: the error names the statement and its parameters.
        if (error instanceof Error) Object.assign(error, { query: text, params, queryOptions: options });
        throw error;
      }
      // PGlite would copy its 318 type parsers into one object with the caller's (drizzle passes nine): ~130 µs a
      // statement. Laid over them instead, the caller's are found first all the same.
      const parsers = options?.parsers ? Object.assign(Object.create(client.parsers), options.parsers) : client.parsers;
      return parse.parseResults(messages, parsers, { ...options, parsers: undefined })[0];
    });
  }

  client.transaction = <T>(callback: (tx: Transaction) => Promise<T>): Promise<T> =>
    original((tx) =>
      callback(
        Object.create(tx, {
          query: {
            value: (text: string, params: unknown[] = [], options?: QueryOptions) =>
              KEEPABLE.test(text) && !options?.blob ? run(tx, text, params, options) : tx.query(text, params, options),
          },
        }) as Transaction,
      ),
    );
  return client;
}

/** Bind (text parameters, text results), Execute and Sync in one buffer, sized and written by Buffer's native
 * UTF-8 code: PGlite's serializer takes ~65 µs for a tick's 3 KB of parameters, this a few. */
function bindExecuteSync(statement: string, values: readonly (string | null)[]): Buffer {
  // Length, the unnamed portal and the statement's name, no format codes (all text), the count, no result formats.
  let length = 4 + 1 + Buffer.byteLength(statement) + 1 + 2 + 2 + 2;
  for (const v of values) length += 4 + (v === null ? 0 : Buffer.byteLength(v));
  const out = Buffer.allocUnsafe(1 + length + EXECUTE_AND_SYNC.length);
  out[0] = 0x42; // 'B'
  out.writeInt32BE(length, 1);
  let at = 5;
  out[at++] = 0; // the unnamed portal
  at += out.write(statement, at);
  out[at++] = 0;
  at = out.writeInt16BE(0, at);
  at = out.writeInt16BE(values.length, at);
  for (const v of values) {
    if (v === null) {
      at = out.writeInt32BE(-1, at);
      continue;
    }
    const n = out.write(v, at + 4);
    out.writeInt32BE(n, at);
    at += 4 + n;
  }
  at = out.writeInt16BE(0, at);
  EXECUTE_AND_SYNC.copy(out, at);
  return out;
}
