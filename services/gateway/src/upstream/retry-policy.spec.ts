import { describe, expect, it } from 'vitest';
import { retryDelay, type AttemptOutcome, type RetryPolicy } from './retry-policy.js';
import { classifyError } from './upstream-failure.js';

const policy: RetryPolicy = { maxAttempts: 3, baseDelayMs: 50 };
const noJitter = () => 0;

function delay(method: string, outcome: AttemptOutcome, attempt = 1, remainingMs = 5_000) {
  return retryDelay(
    policy,
    { method, idempotencyKey: false, attempt, outcome, remainingMs },
    noJitter,
  );
}

function keyed(method: string, outcome: AttemptOutcome) {
  return retryDelay(
    policy,
    { method, idempotencyKey: true, attempt: 1, outcome, remainingMs: 5_000 },
    noJitter,
  );
}

const WRITES = ['POST', 'PUT', 'PATCH', 'DELETE'];

describe('retryDelay', () => {
  it('retries reads on connection errors, timeouts, 502 and 503, with a doubling pause', () => {
    expect(delay('GET', { reason: 'refused' })).toBe(50);
    expect(delay('GET', { reason: 'reset' }, 2)).toBe(100);
    expect(delay('HEAD', { reason: 'timeout' })).toBe(50);
    expect(delay('GET', { status: 502 })).toBe(50);
    expect(delay('GET', { status: 503 })).toBe(50);
  });

  it.each(WRITES)(
    'retries a %s that never ran: no connection, or refused unprocessed',
    (method) => {
      expect(delay(method, { reason: 'refused' })).toBe(50);
      expect(delay(method, { status: 503, notProcessed: true })).toBe(50);
    },
  );

  it.each(WRITES)('never retries a %s without a key that may have run', (method) => {
    for (const reason of ['reset', 'timeout'] as const) {
      expect(delay(method, { reason })).toBeUndefined();
    }
    expect(delay(method, { status: 502 })).toBeUndefined();
    expect(delay(method, { status: 503 })).toBeUndefined();
  });

  it.each(WRITES)('retries a %s with an Idempotency-Key as it retries a read', (method) => {
    expect(keyed(method, { reason: 'reset' })).toBe(50);
    expect(keyed(method, { reason: 'timeout' })).toBe(50);
    expect(keyed(method, { status: 502 })).toBe(50);
    expect(keyed(method, { status: 503 })).toBe(50);
    expect(keyed(method, { status: 500 })).toBeUndefined();
    expect(keyed(method, { status: 409 })).toBeUndefined();
  });

  it('does not retry answers that are final, nor an open breaker', () => {
    for (const status of [200, 400, 404, 409, 500, 504]) {
      expect(delay('GET', { status })).toBeUndefined();
    }
    expect(delay('GET', { reason: 'circuit-open' })).toBeUndefined();
    expect(delay('GET', { reason: 'bad-response' })).toBeUndefined();
  });

  it('stops after the last attempt and at the deadline', () => {
    expect(delay('GET', { reason: 'refused' }, 3)).toBeUndefined();
    expect(delay('GET', { reason: 'refused' }, 1, 50)).toBeUndefined();
    expect(delay('POST', { status: 503, notProcessed: true }, 3)).toBeUndefined();
    expect(delay('POST', { status: 503, notProcessed: true }, 1, 50)).toBeUndefined();
  });

  it('adds up to one base pause of jitter', () => {
    expect(
      retryDelay(
        policy,
        {
          method: 'GET',
          idempotencyKey: false,
          attempt: 2,
          outcome: { status: 503 },
          remainingMs: 1_000,
        },
        () => 0.5,
      ),
    ).toBe(150);
  });
});

describe('classifyError', () => {
  const withCode = (code: string) => Object.assign(new Error(code), { code });

  it('tells refused connections, timeouts, resets and garbage apart', () => {
    expect(classifyError(withCode('ECONNREFUSED'), false)).toBe('refused');
    expect(classifyError(withCode('UND_ERR_CONNECT_TIMEOUT'), false)).toBe('refused');
    expect(classifyError(withCode('UND_ERR_HEADERS_TIMEOUT'), false)).toBe('timeout');
    expect(classifyError(withCode('UND_ERR_SOCKET'), false)).toBe('reset');
    expect(classifyError(withCode('HPE_INVALID_CONSTANT'), false)).toBe('bad-response');
    expect(classifyError('weird', false)).toBe('bad-response');
  });

  it('reads the code of a wrapped error, and trusts the deadline first', () => {
    expect(classifyError(new Error('fetch failed', { cause: withCode('ECONNRESET') }), false)).toBe(
      'reset',
    );
    expect(classifyError(withCode('UND_ERR_ABORTED'), true)).toBe('timeout');
  });
});
