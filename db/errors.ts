/** The database cannot be opened: unreachable server, folder locked by another process, failed migration. */
export class DatabaseUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatabaseUnavailableError';
  }
}

/** Socket errors, postgres.js's own connection codes, and SQLSTATEs for a server that is going or not there. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  '57P01', // admin_shutdown: the server restarts or a DBA ended the session
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up or shutting down
]);

/**
 * Whether `error` (or what caused it: drizzle wraps the driver's error) says the connection to the database is
 * gone — a restart, a network drop, a database closed to connections — rather than that a query was wrong.
 * Pure and name-based, so the Remix bundle can use it on errors from the server's module graph.
 */
export function isConnectionLost(error: unknown): boolean {
  let e: unknown = error;
  for (let depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    if ((e as Error).name === 'DatabaseUnavailableError') return true;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (CONNECTION_CODES.has(code) || code.startsWith('08'))) return true;
    if (e instanceof AggregateError && e.errors.some(isConnectionLost)) return true;
    if (/not currently accepting connections/.test(String((e as Error).message))) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** The driver's own words for what went wrong (with its code), without drizzle's "Failed query: <sql>" wrapper. */
export function rootReason(error: unknown): string {
  let e: unknown = error;
  while (e instanceof Error && e.cause) e = e.cause;
  if (e instanceof AggregateError && e.errors.length) return rootReason(e.errors[0]);
  if (!(e instanceof Error)) return String(e);
  const code = (e as { code?: string }).code;
  return code && !e.message.includes(code) ? `${e.message} (${code})` : e.message;
}

/**
 * Runs a read once more when its connection was lost: after a restart or a `pg_terminate_backend` the first
 * query on a pooled connection fails, the next one gets a new connection. A second loss is thrown.
 */
export async function onceMoreIfConnectionLost<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (!isConnectionLost(error)) throw error;
    await new Promise((resolve) => setTimeout(resolve, 100));
    return read();
  }
}
