import { z } from 'zod';

/** Media type of every error response (RFC 9457). */
export const problemContentType = 'application/problem+json';

/**
 * Stable, machine-readable error code, `AREA.REASON` in upper case (`ORDER.NOT_FOUND`). Clients
 * branch on it; `title` and `detail` are for people and may be reworded.
 */
export const problemCodeSchema = z
  .string()
  .max(100)
  .regex(/^[A-Z][A-Z0-9_]*(\.[A-Z][A-Z0-9_]*)+$/, 'must look like AREA.REASON');

/** One invalid input: where it is (`lines.0.quantity`) and what is wrong with it. */
export const fieldErrorSchema = z.strictObject({
  path: z.string().max(200),
  message: z.string().min(1).max(500),
});

/** RFC 9457 problem details, as every service and the gateway answer errors. */
export const problemSchema = z.strictObject({
  /** A URI naming the kind of problem; `about:blank` when the status says it all. */
  type: z.string().min(1).max(500),
  title: z.string().min(1).max(200),
  status: z.number().int().min(400).max(599),
  detail: z.string().max(2000).optional(),
  /** The request path the problem occurred on. */
  instance: z.string().max(2000).optional(),
  code: problemCodeSchema,
  errors: z.array(fieldErrorSchema).max(100).optional(),
});

export type Problem = z.infer<typeof problemSchema>;
export type FieldError = z.infer<typeof fieldErrorSchema>;
