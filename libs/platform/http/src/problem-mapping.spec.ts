import {
  BadRequestException,
  HttpException,
  InternalServerErrorException,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { InvalidTokenError, MissingTokenError } from './auth/auth.errors.js';
import { DomainError, type DomainErrorKind, type DomainErrorOptions } from './errors.js';
import { mapException } from './problem-mapping.js';

function domainError(kind: DomainErrorKind, options: DomainErrorOptions = {}): DomainError {
  return new (class extends DomainError {
    readonly code = 'TEST.FAILURE';
    readonly kind = kind;
    constructor() {
      super('It failed.', options);
    }
  })();
}

function fastifyError(code: string, statusCode: number): HttpException {
  const cause = Object.assign(new Error('fastify says no'), {
    name: 'FastifyError',
    code,
    statusCode,
  });
  return new HttpException(cause.message, statusCode, { cause });
}

const routed = { is404: false };

describe('mapException', () => {
  it.each([
    ['not_found', 404],
    ['conflict', 409],
    ['invalid', 400],
    ['forbidden', 403],
    ['unauthorized', 401],
    ['precondition_failed', 412],
    ['unprocessable', 422],
    ['rate_limited', 429],
    ['unavailable', 503],
  ] as const)('maps a %s domain error to %i', (kind, status) => {
    const { problem, unexpected } = mapException(domainError(kind), routed);
    expect(problem).toMatchObject({ status, code: 'TEST.FAILURE', detail: 'It failed.' });
    expect(unexpected).toBe(false);
  });

  it('carries field errors and details', () => {
    const errors = [{ path: 'sku', message: 'Unknown SKU' }];
    const { problem } = mapException(
      domainError('unprocessable', { errors, details: { a: 1 } }),
      routed,
    );
    expect(problem).toMatchObject({ errors, details: { a: 1 } });
  });

  it('writes Retry-After, rounded up, for rate_limited and unavailable only', () => {
    expect(
      mapException(domainError('rate_limited', { retryAfterSeconds: 1.2 }), routed).problem.headers,
    ).toEqual({
      'retry-after': '2',
    });
    expect(
      mapException(domainError('unavailable', { retryAfterSeconds: 30 }), routed).problem.headers,
    ).toEqual({
      'retry-after': '30',
    });
    expect(
      mapException(domainError('conflict', { retryAfterSeconds: 30 }), routed).problem.headers,
    ).toEqual({});
  });

  it('challenges every 401, with the error code for an invalid token', () => {
    const header = (error: unknown) =>
      mapException(error, routed).problem.headers?.['www-authenticate'];
    expect(header(new InvalidTokenError())).toBe('Bearer error="invalid_token"');
    expect(header(new MissingTokenError())).toBe('Bearer');
    expect(header(domainError('unauthorized'))).toBe('Bearer');
    expect(header(new UnauthorizedException())).toBe('Bearer');
  });

  it.each([
    ['FST_ERR_CTP_INVALID_JSON_BODY', 400, 400, 'REQUEST.MALFORMED_JSON'],
    ['FST_ERR_CTP_EMPTY_JSON_BODY', 400, 400, 'REQUEST.MALFORMED_JSON'],
    ['FST_ERR_CTP_BODY_TOO_LARGE', 413, 413, 'REQUEST.TOO_LARGE'],
    ['FST_ERR_CTP_INVALID_MEDIA_TYPE', 415, 415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE'],
    ['FST_ERR_CTP_INVALID_CONTENT_LENGTH', 400, 400, 'REQUEST.INVALID_CONTENT_LENGTH'],
  ])('maps Fastify %s to %i', (fastifyCode, fastifyStatus, status, code) => {
    expect(mapException(fastifyError(fastifyCode, fastifyStatus), routed).problem).toMatchObject({
      status,
      code,
    });
  });

  it('tells an unknown route from a handler that found nothing', () => {
    expect(mapException(new NotFoundException(), { is404: true }).problem.code).toBe(
      'ROUTE.NOT_FOUND',
    );
    expect(mapException(new NotFoundException(), routed).problem.code).toBe('RESOURCE.NOT_FOUND');
  });

  it('answers an unmatched request on a known path with 405 and Allow', () => {
    const { problem } = mapException(new NotFoundException(), {
      is404: true,
      allowedMethods: ['GET', 'HEAD'],
    });
    expect(problem).toMatchObject({
      status: 405,
      code: 'REQUEST.METHOD_NOT_ALLOWED',
      headers: { allow: 'GET, HEAD' },
    });
  });

  it('maps other HttpExceptions by status, with their message as detail', () => {
    expect(mapException(new BadRequestException(['a', 'b']), routed).problem).toMatchObject({
      status: 400,
      code: 'REQUEST.BAD_REQUEST',
      detail: 'a; b',
    });
    expect(mapException(new HttpException('Teapot', 418), routed).problem).toMatchObject({
      status: 418,
      code: 'HTTP.418',
      detail: 'Teapot',
    });
    expect(mapException(new HttpException('Gone', 405), routed).problem.code).toBe(
      'REQUEST.METHOD_NOT_ALLOWED',
    );
  });

  it('withholds the message of a 5xx HttpException and flags it as unexpected', () => {
    const mapped = mapException(
      new InternalServerErrorException('pool exhausted at db:5432'),
      routed,
    );
    expect(mapped).toEqual({ problem: { status: 500, code: 'INTERNAL' }, unexpected: true });
  });

  it('answers anything else with 500 INTERNAL and nothing more', () => {
    expect(mapException(new TypeError('x is undefined'), routed)).toEqual({
      problem: { status: 500, code: 'INTERNAL' },
      unexpected: true,
    });
    expect(mapException('a string', routed).problem.code).toBe('INTERNAL');
  });

  it('answers a store out of reach with 503 and Retry-After, still flagged for the log', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
    });
    const wrapped = new Error('query failed', { cause: refused });
    expect(mapException(wrapped, routed)).toEqual({
      problem: {
        status: 503,
        code: 'SERVICE.DEPENDENCY_UNAVAILABLE',
        headers: { 'retry-after': '2' },
      },
      unexpected: true,
    });
  });
});
