import { z } from 'zod';

/**
 * Schemas for the shapes environment variables take. Every variable arrives as a string; these
 * turn it into the typed value or fail with a message fit to print at boot.
 */
export const env = {
  /** A TCP port, 1 to 65535. */
  port: () => z.coerce.number().int().min(1).max(65535),
  /** A positive integer (sizes, counts, milliseconds). */
  positiveInt: () => z.coerce.number().int().positive(),
  /** `true`/`false` (or `1`/`0`); anything else is an error, not a silent false. */
  boolean: () =>
    z
      .enum(['true', 'false', '1', '0'], { message: 'must be true, false, 1 or 0' })
      .transform((value) => value === 'true' || value === '1'),
  /** A comma-separated list, trimmed, empty items dropped. */
  list: () =>
    z.string().transform((value) =>
      value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item.length > 0),
    ),
  /**
   * A URL with one of the given schemes. `abort` stops at a malformed value: zod would otherwise
   * still run the scheme check, whose `new URL()` throws out of the validation and crashes the
   * boot with a stack instead of naming the variable.
   */
  url: (...schemes: string[]) =>
    z
      .url({ abort: true })
      .refine(
        (value) => schemes.length === 0 || schemes.includes(new URL(value).protocol.slice(0, -1)),
        { message: `must be a URL with scheme ${schemes.join(' or ')}` },
      ),
  /** A log level pino understands. */
  logLevel: () => z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
};
