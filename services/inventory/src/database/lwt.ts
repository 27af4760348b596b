import cassandra from 'cassandra-driver';

const { consistencies, responseErrorCodes } = cassandra.types;

/** Lightweight transactions: Paxos among the local data centre's replicas. */
export const lwtOptions: cassandra.QueryOptions = {
  prepare: true,
  consistency: consistencies.localQuorum,
  serialConsistency: consistencies.localSerial,
  // Never retried by the driver: a retried compare-and-set could apply twice.
  isIdempotent: false,
};

/**
 * A linearizable read: it finishes any Paxos round left half done (by a write that timed out, or
 * a process that died mid-write), so what it returns is final.
 */
export const serialReadOptions: cassandra.QueryOptions = {
  prepare: true,
  consistency: consistencies.localSerial,
};

export const readOptions: cassandra.QueryOptions = {
  prepare: true,
  consistency: consistencies.localQuorum,
};

/** Plain writes, only to tables that are projections or indexes, never to stock or reservations. */
export const writeOptions: cassandra.QueryOptions = {
  prepare: true,
  consistency: consistencies.localQuorum,
  isIdempotent: true,
};

/**
 * True when a write may or may not have been applied: a `WriteTimeoutException` during Paxos
 * (write type `CAS`) or its commit (`SIMPLE`, `BATCH`), a read timeout while Paxos read the
 * current values, or the driver giving up waiting. Such a write is resolved by a SERIAL read,
 * never retried blindly.
 */
export function isAmbiguousWrite(error: unknown): boolean {
  if (error instanceof cassandra.errors.OperationTimedOutError) return true;
  if (!(error instanceof cassandra.errors.ResponseError)) return false;
  const ambiguous: number[] = [responseErrorCodes.writeTimeout, responseErrorCodes.readTimeout];
  return ambiguous.includes(error.code);
}

/** The outcome of a compare-and-set. */
export type CasResult = 'applied' | 'lost' | 'unknown';

/** Runs a lightweight transaction and classifies its outcome; other errors propagate. */
export async function compareAndSet(
  run: () => Promise<cassandra.types.ResultSet>,
): Promise<CasResult> {
  try {
    return (await run()).wasApplied() ? 'applied' : 'lost';
  } catch (error) {
    if (isAmbiguousWrite(error)) return 'unknown';
    throw error;
  }
}
