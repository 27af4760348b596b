import { DomainError, type FieldError } from '../errors.js';

/** `/health/ready` fails: some readiness checks failed, or the service is shutting down. */
export class NotReadyError extends DomainError {
  readonly code = 'HEALTH.NOT_READY';
  readonly kind = 'unavailable';

  constructor(failed: readonly FieldError[], shuttingDown: boolean) {
    super(
      shuttingDown
        ? 'The service is shutting down.'
        : `Readiness checks failed: ${failed.map((f) => f.path).join(', ')}.`,
      { errors: failed, details: { shuttingDown } },
    );
  }
}

/** `/health/live` fails: a part of the service stopped for good (`HealthRegistry.markBroken`). */
export class NotLiveError extends DomainError {
  readonly code = 'HEALTH.NOT_LIVE';
  readonly kind = 'unavailable';

  constructor(broken: readonly string[]) {
    super(`Broken until the process restarts: ${broken.join(', ')}.`, {
      errors: broken.map((path) => ({ path, message: 'broken' })),
    });
  }
}
