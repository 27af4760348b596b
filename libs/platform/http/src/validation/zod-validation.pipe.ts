import type { PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { RequestValidationError } from '../errors.js';
import { toFieldErrors } from './zod-issues.js';

/**
 * Validates one handler argument (body, query or a path parameter) with a zod schema and
 * returns the parsed value, so handlers get the schema's output type (defaults, coercions).
 * Fails with a 400 `REQUEST.VALIDATION` listing every issue.
 */
export class ZodValidationPipe<TSchema extends z.ZodType> implements PipeTransform<
  unknown,
  Promise<z.output<TSchema>>
> {
  /**
   * @param schema validates and parses the argument.
   * @param at where the argument sits in the request, prefixed to the errors' paths (a path
   * parameter's name); none for the body and the query, whose fields are named as they are.
   */
  constructor(
    private readonly schema: TSchema,
    private readonly at: readonly string[] = [],
  ) {}

  async transform(value: unknown): Promise<z.output<TSchema>> {
    const result = await this.schema.safeParseAsync(value);
    if (!result.success) {
      throw new RequestValidationError(toFieldErrors(result.error.issues, this.at));
    }
    return result.data;
  }
}
