import type { z } from 'zod';
import type { FieldError } from '../errors.js';

/** Dot path of a zod issue path: `['items', 0, 'sku']` → `items.0.sku`. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path.map((segment) => String(segment)).join('.');
}

/**
 * Zod issues as field errors. An unknown field (refused by `z.strictObject`) becomes one error
 * per field, at that field's path, so that clients see which key to drop.
 */
export function toFieldErrors(
  issues: readonly z.core.$ZodIssue[],
  at: readonly PropertyKey[] = [],
): FieldError[] {
  return issues.flatMap((issue) => {
    const path = [...at, ...issue.path];
    return issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: issuePath([...path, key]), message: 'Unknown field' }))
      : [{ path: issuePath(path), message: issue.message }];
  });
}

/** An issue as Standard Schema reports it (zod's issues are a superset). */
export interface StandardIssue {
  readonly message: string;
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
}

/**
 * Standard Schema issues as field errors, for Nest's own `@Body({ schema })` form. Zod's issues
 * keep their `code` and `keys` there, so unknown fields are reported per field as well.
 */
export function standardIssuesToFieldErrors(issues: readonly StandardIssue[]): FieldError[] {
  return issues.flatMap((issue) => {
    const path = (issue.path ?? []).map((segment) =>
      typeof segment === 'object' ? segment.key : segment,
    );
    if (isUnrecognizedKeys(issue)) {
      return issue.keys.map((key) => ({
        path: issuePath([...path, key]),
        message: 'Unknown field',
      }));
    }
    return [{ path: issuePath(path), message: issue.message }];
  });
}

function isUnrecognizedKeys(issue: object): issue is { keys: string[] } {
  return (
    'code' in issue &&
    issue.code === 'unrecognized_keys' &&
    'keys' in issue &&
    Array.isArray(issue.keys)
  );
}
