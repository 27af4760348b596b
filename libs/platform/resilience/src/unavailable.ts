/**
 * KafkaJS errors that the same request may not meet again: a connection that dropped, a request
 * or wait that timed out, retries that ran out against a broker still starting. KafkaJS marks the
 * protocol errors a broker recovers from (`UNKNOWN_TOPIC_OR_PARTITION` while a topic another
 * process just created spreads through the metadata, `LEADER_NOT_AVAILABLE`, `NOT_CONTROLLER`)
 * as `retriable`. Known by name, so that this library needs no KafkaJS.
 */
const transientKafkaErrors = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSNumberOfRetriesExceeded',
  'KafkaJSTimeout',
  'KafkaJSLockTimeout',
]);

export function isTransientKafkaError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if ((error as { retriable?: unknown }).retriable === true) return true;
  return transientKafkaErrors.has(error.name);
}

/** Node's system errors for a peer that refused, dropped, or cannot be found or routed to. */
const systemCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
]);

/**
 * Postgres SQLSTATEs of a server going away or not yet ready: any connection exception (class
 * 08), admin_shutdown and crash_shutdown (the server is restarting), cannot_connect_now (starting
 * up or shutting down) and too_many_connections.
 */
const postgresStates = /^(08[0-9A-Z]{3}|57P0[123]|53300)$/;

/**
 * Errors known by name: cassandra-driver's for no node reached, a client-side timeout and
 * every connection's queue full; ioredis's for a command that waited out its reconnections;
 * TypeORM's for a statement on a query runner it released, which it does as soon as the
 * runner's Postgres connection reports an error (the server ended the session), so a
 * transaction's next statement meets it rather than the connection's own error.
 */
const errorNames = new Set([
  'QueryRunnerProviderAlreadyReleasedError',
  'NoHostAvailableError',
  'OperationTimedOutError',
  'BusyConnectionError',
  'MaxRetriesPerRequestError',
]);

/**
 * cassandra-driver `ResponseError` codes (`types.responseErrorCodes`): too few replicas alive,
 * coordinator overloaded or bootstrapping, replicas too slow to answer a write or a read.
 */
const cassandraCodes = new Set([0x1000, 0x1001, 0x1002, 0x1100, 0x1200]);

/**
 * Messages of drivers that throw a plain `Error`: node-postgres and pg-pool on a dropped or
 * refused connection, or a query sent on a client whose connection already broke (what a
 * plain `pg` client meets where TypeORM would say its query runner was released); ioredis on a
 * closed connection or one it will not queue for.
 */
const messages = [
  /^Connection terminated/,
  /^Client (has encountered a connection error|was closed) and is not queryable$/,
  /^timeout exceeded when trying to connect$/,
  /^Connection is closed\.$/,
  /^Stream isn't writeable/,
];

/** How far down wrapped errors to look: wrappers are shallow; a cycle must not hang us. */
const maxDepth = 5;

/**
 * Whether an error says a dependency (database, cache, broker) could not be reached or is
 * starting or stopping, rather than that the message is bad: looks at the error, its `cause`
 * chain, TypeORM's `driverError` and the parts of an `AggregateError` (Node's connection attempt
 * to every address of a host).
 */
export function isUnavailable(error: unknown): boolean {
  return searchOutage(error, 0);
}

function searchOutage(error: unknown, depth: number): boolean {
  if (depth > maxDepth || typeof error !== 'object' || error === null) return false;
  if (describesOutage(error)) return true;
  const { cause, driverError, errors } = error as {
    cause?: unknown;
    driverError?: unknown;
    errors?: unknown;
  };
  const parts: unknown[] = Array.isArray(errors) ? errors : [];
  return [cause, driverError, ...parts].some((next) => searchOutage(next, depth + 1));
}

function describesOutage(error: object): boolean {
  const { name, code, message } = error as { name?: unknown; code?: unknown; message?: unknown };
  if (typeof name === 'string' && errorNames.has(name)) return true;
  if (isTransientKafkaError(error)) return true;
  if (typeof code === 'string' && (systemCodes.has(code) || postgresStates.test(code))) return true;
  if (name === 'ResponseError' && typeof code === 'number' && cassandraCodes.has(code)) return true;
  return typeof message === 'string' && messages.some((pattern) => pattern.test(message));
}
