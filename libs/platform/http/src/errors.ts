/**
 * What went wrong, in domain terms. The HTTP layer maps each kind to one status code
 * (`problem-details.filter.ts`), so domain code never chooses a status itself.
 */
export type DomainErrorKind =
  | 'not_found'
  | 'conflict'
  | 'invalid'
  | 'forbidden'
  | 'unauthorized'
  | 'precondition_failed'
  | 'unprocessable'
  | 'rate_limited'
  | 'unavailable';

/** One problem with one field of the input, e.g. `{ path: 'items.0.quantity', message }`. */
export interface FieldError {
  /** Dot-separated path of the field in the input; `''` for the input as a whole. */
  path: string;
  message: string;
}

/** What a {@link DomainError} may carry besides its message. */
export interface DomainErrorOptions {
  /** Safe, client-facing facts about the failure (ids, limits), sent as `details`. */
  details?: Readonly<Record<string, unknown>>;
  /** Field-level problems, sent as `errors`. */
  errors?: readonly FieldError[];
  /** For `rate_limited` and `unavailable`: when to try again, sent as `Retry-After`. */
  retryAfterSeconds?: number;
  /** The lower-level error, logged but never sent. */
  cause?: unknown;
}

/**
 * Base class of every expected, client-facing failure. Subclasses fix a stable `code`
 * (`ORDER.NOT_FOUND`), which clients may switch on, and a `kind`, which picks the status.
 * The message is sent as the problem's `detail`, so it must be safe to show to a client.
 *
 * @example
 * export class OrderNotFoundError extends DomainError {
 *   readonly code = 'ORDER.NOT_FOUND';
 *   readonly kind = 'not_found';
 *   constructor(orderId: string) {
 *     super(`Order ${orderId} does not exist`, { details: { orderId } });
 *   }
 * }
 */
export abstract class DomainError extends Error {
  /** Stable, dot-separated, upper-case code, e.g. `ORDER.NOT_FOUND`. */
  abstract readonly code: string;
  abstract readonly kind: DomainErrorKind;
  readonly details?: Readonly<Record<string, unknown>>;
  readonly errors?: readonly FieldError[];
  readonly retryAfterSeconds?: number;

  protected constructor(message: string, options: DomainErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    if (options.details !== undefined) this.details = options.details;
    if (options.errors !== undefined) this.errors = options.errors;
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** The request's body, query or path parameters do not match the route's schema. */
export class RequestValidationError extends DomainError {
  readonly code = 'REQUEST.VALIDATION';
  readonly kind = 'invalid';

  constructor(errors: readonly FieldError[]) {
    super('The request does not match the expected schema.', { errors });
  }
}
