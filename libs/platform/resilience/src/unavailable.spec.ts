import cassandra from 'cassandra-driver';
import * as kafkajs from 'kafkajs';
import {
  KafkaJSConnectionError,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
  KafkaJSRequestTimeoutError,
} from 'kafkajs';
import pg from 'pg';
import { QueryFailedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { isUnavailable } from './unavailable.js';

const { errors, types } = cassandra;

// KafkaJS exports it at run time but leaves it out of its type declarations.
const { KafkaJSConnectionClosedError } = kafkajs as unknown as {
  KafkaJSConnectionClosedError: new (message: string) => Error;
};

function withCode(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

/** A Postgres error as node-postgres decodes it from the server's ErrorResponse. */
function postgresError(message: string, code: string): pg.DatabaseError {
  return Object.assign(new pg.DatabaseError(message, 0, 'error'), { code });
}

/** A broker error code as KafkaJS decodes it: `retriable` comes from its table of codes. */
function kafkaProtocolError(type: string, retriable: boolean): KafkaJSProtocolError {
  return new KafkaJSProtocolError(Object.assign(new Error(type), { type, code: 6, retriable }));
}

describe('isUnavailable', () => {
  it.each([
    'ECONNREFUSED',
    'ECONNRESET',
    'ETIMEDOUT',
    'EPIPE',
    'EHOSTUNREACH',
    'ENETUNREACH',
    'EAI_AGAIN',
    'ENOTFOUND',
  ])('is true for the system error %s', (code) => {
    expect(isUnavailable(withCode(`connect ${code} 127.0.0.1:5432`, code))).toBe(true);
  });

  it('is true for a connection that failed on every address of a host', () => {
    const refused = withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED');
    expect(isUnavailable(new AggregateError([refused], 'all addresses failed'))).toBe(true);
  });

  it.each([
    'Connection terminated',
    'Connection terminated unexpectedly',
    'Connection terminated due to connection timeout',
    'timeout exceeded when trying to connect',
  ])('is true for node-postgres: %s', (message) => {
    expect(isUnavailable(new Error(message))).toBe(true);
  });

  it.each([
    ['08006', 'connection failure'],
    ['08001', 'could not connect'],
    ['57P01', 'terminating connection due to administrator command'],
    ['57P02', 'terminating connection because of crash of another server process'],
    ['57P03', 'the database system is starting up'],
    ['53300', 'sorry, too many clients already'],
  ])('is true for the Postgres state %s', (code, message) => {
    expect(isUnavailable(postgresError(message, code))).toBe(true);
  });

  it("looks into TypeORM's driver error", () => {
    const shutdown = postgresError('terminating connection due to administrator command', '57P01');
    expect(isUnavailable(new QueryFailedError('SELECT 1', [], shutdown))).toBe(true);
    const wrapped = { name: 'QueryFailedError', message: 'query failed', driverError: shutdown };
    expect(isUnavailable(wrapped)).toBe(true);
  });

  it('is true for a statement on a query runner TypeORM released when its connection broke', () => {
    expect(isUnavailable(new QueryRunnerProviderAlreadyReleasedError())).toBe(true);
  });

  it('is true for cassandra-driver when no node answers in time', () => {
    expect(isUnavailable(new errors.NoHostAvailableError({ '127.0.0.1:9042': 'refused' }))).toBe(
      true,
    );
    expect(isUnavailable(new errors.OperationTimedOutError('timed out', '127.0.0.1'))).toBe(true);
    expect(isUnavailable(new errors.BusyConnectionError('127.0.0.1:9042', 2048, 1))).toBe(true);
  });

  it.each([
    ['unavailableException', types.responseErrorCodes.unavailableException],
    ['overloaded', types.responseErrorCodes.overloaded],
    ['isBootstrapping', types.responseErrorCodes.isBootstrapping],
    ['writeTimeout', types.responseErrorCodes.writeTimeout],
    ['readTimeout', types.responseErrorCodes.readTimeout],
  ])('is true for the Cassandra response %s', (name, code) => {
    expect(isUnavailable(new errors.ResponseError(code, name))).toBe(true);
  });

  it('is true for ioredis without a connection', () => {
    const maxRetries = Object.assign(new Error('Reached the max retries per request limit'), {
      name: 'MaxRetriesPerRequestError',
    });
    expect(isUnavailable(maxRetries)).toBe(true);
    expect(isUnavailable(new Error('Connection is closed.'))).toBe(true);
    const offline = "Stream isn't writeable and enableOfflineQueue options is false";
    expect(isUnavailable(new Error(offline))).toBe(true);
  });

  it('is true for KafkaJS connection errors and retriable broker errors', () => {
    const refused = new KafkaJSConnectionError('Connection error: connect ECONNREFUSED');
    expect(isUnavailable(refused)).toBe(true);
    expect(isUnavailable(new KafkaJSConnectionClosedError('Closed connection'))).toBe(true);
    expect(isUnavailable(new KafkaJSRequestTimeoutError('Request Produce(key: 0) timed out'))).toBe(
      true,
    );
    const exhausted = new KafkaJSNumberOfRetriesExceeded(refused, { retryCount: 5, retryTime: 1 });
    expect(isUnavailable(exhausted)).toBe(true);
    expect(isUnavailable(kafkaProtocolError('NOT_LEADER_FOR_PARTITION', true))).toBe(true);
  });

  it('is true for a query on a node-postgres client whose connection broke or closed', () => {
    expect(
      isUnavailable(new Error('Client has encountered a connection error and is not queryable')),
    ).toBe(true);
    expect(isUnavailable(new Error('Client was closed and is not queryable'))).toBe(true);
  });

  it('is true for anything caused by an outage', () => {
    const refused = withCode('connect ECONNREFUSED', 'ECONNREFUSED');
    const wrapped = new Error('reserve failed', {
      cause: new Error('query failed', { cause: refused }),
    });
    expect(isUnavailable(wrapped)).toBe(true);
  });

  it('is false for errors about the message or the code', () => {
    expect(isUnavailable(new Error('payment provider exploded'))).toBe(false);
    expect(isUnavailable(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(
      false,
    );
    expect(isUnavailable(new RangeError('order is already cancelled'))).toBe(false);
    expect(isUnavailable(withCode('Order not found', 'ORDER.NOT_FOUND'))).toBe(false);
    expect(isUnavailable(postgresError('duplicate key value', '23505'))).toBe(false);
    const syntax = new errors.ResponseError(types.responseErrorCodes.syntaxError, 'bad CQL');
    expect(isUnavailable(syntax)).toBe(false);
    expect(isUnavailable(kafkaProtocolError('MESSAGE_TOO_LARGE', false))).toBe(false);
    expect(isUnavailable(new KafkaJSNonRetriableError('bad request'))).toBe(false);
  });

  it('is false for values that are not errors', () => {
    expect(isUnavailable(undefined)).toBe(false);
    expect(isUnavailable(null)).toBe(false);
    expect(isUnavailable('ECONNREFUSED')).toBe(false);
  });

  it('stops at a cycle and at an outage buried too deep to be what failed', () => {
    const cyclic: Error & { cause?: unknown } = new Error('loop');
    cyclic.cause = cyclic;
    expect(isUnavailable(cyclic)).toBe(false);
    let deep: Error = withCode('connect ECONNREFUSED', 'ECONNREFUSED');
    for (let level = 0; level < 10; level++) deep = new Error(`level ${level}`, { cause: deep });
    expect(isUnavailable(deep)).toBe(false);
  });
});
