import { StandardSchemaValidationPipe } from '@nestjs/common';
import { RequestValidationError } from '../errors.js';
import { standardIssuesToFieldErrors } from './zod-issues.js';

/**
 * The global pipe: Nest's own Standard Schema validation (`@Body({ schema })`, `@Query({ schema })`),
 * failing with the same 400 `REQUEST.VALIDATION` as the zod decorators. Parameters without a
 * schema pass through untouched.
 */
export function createSchemaValidationPipe(): StandardSchemaValidationPipe {
  return new StandardSchemaValidationPipe({
    exceptionFactory: (issues) => new RequestValidationError(standardIssuesToFieldErrors(issues)),
  });
}
