import { describe, expect, it } from 'vitest';
import { clientErrorProblem, frameworkProblem } from './framework-errors.js';

describe('answers given before any route runs', () => {
  it('maps Fastify’s router errors to stable codes', () => {
    expect(frameworkProblem({ code: 'FST_ERR_BAD_URL' })).toMatchObject({
      status: 400,
      code: 'REQUEST.BAD_URL',
    });
    expect(frameworkProblem({ code: 'FST_ERR_MAX_PARAM_LENGTH' })).toMatchObject({
      status: 414,
      code: 'REQUEST.URI_TOO_LONG',
    });
  });

  it('maps the HTTP parser’s errors to stable codes', () => {
    expect(clientErrorProblem('ERR_HTTP_REQUEST_TIMEOUT')).toMatchObject({ status: 408 });
    expect(clientErrorProblem('HPE_HEADER_OVERFLOW')).toMatchObject({
      status: 431,
      code: 'REQUEST.HEADERS_TOO_LARGE',
    });
    expect(clientErrorProblem('HPE_UNEXPECTED_CONTENT_LENGTH')).toMatchObject({
      status: 400,
      code: 'REQUEST.MALFORMED',
    });
  });
});
