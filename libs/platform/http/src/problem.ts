import { STATUS_CODES } from 'node:http';
import type { DomainErrorKind, FieldError } from './errors.js';

/** Media type of every error response (RFC 9457). */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Where the problem types are documented: `<base><code-kebab>`. */
export const PROBLEM_TYPE_BASE = 'https://shop.example/problems/';

/** The body of every error response: RFC 9457 problem details with the platform's extensions. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  /** The request path (without the query string). */
  instance: string;
  /** Stable machine-readable code, e.g. `ORDER.NOT_FOUND`. */
  code: string;
  requestId: string;
  errors?: FieldError[];
  details?: Record<string, unknown>;
}

/** A problem before it is tied to a request: what the exception filter decided to answer. */
export interface Problem {
  status: number;
  code: string;
  detail?: string;
  errors?: readonly FieldError[];
  details?: Readonly<Record<string, unknown>>;
  /** Response headers that belong to the problem (`Retry-After`, `WWW-Authenticate`). */
  headers?: Readonly<Record<string, string>>;
}

/** The one status code of each domain error kind. */
export const STATUS_BY_KIND: Readonly<Record<DomainErrorKind, number>> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
};

/** `ORDER.NOT_FOUND` → `https://shop.example/problems/order-not-found`. */
export function problemTypeUri(code: string): string {
  const kebab = code
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${PROBLEM_TYPE_BASE}${kebab}`;
}

/** The body for `problem`, answered to the request at `path` with id `requestId`. */
export function toProblemDetails(
  problem: Problem,
  path: string,
  requestId: string,
): ProblemDetails {
  const body: ProblemDetails = {
    type: problemTypeUri(problem.code),
    title: STATUS_CODES[problem.status] ?? 'Error',
    status: problem.status,
    instance: path.split('?', 1)[0] ?? path,
    code: problem.code,
    requestId,
  };
  if (problem.detail) body.detail = problem.detail;
  if (problem.errors?.length) body.errors = [...problem.errors];
  if (problem.details) body.details = { ...problem.details };
  return body;
}
