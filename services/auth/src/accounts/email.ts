import { z } from 'zod';
import { emailSchema } from '@shop/contracts';

/**
 * The form an email address is stored, compared and throttled under. Lower-casing the local part
 * is not what RFC 5321 promises, but no mailbox provider a shop meets distinguishes `Ada@` from
 * `ada@`, while people type both: treating them as two accounts would let one person register
 * twice and lock themselves out of the first. The contract's email schema admits ASCII only, so
 * lower-casing needs no Unicode normalization.
 */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * An email address as clients send it: surrounding blanks and capitals are accepted and
 * normalized before the contract's rules (format, 254 characters) apply.
 */
export const emailInputSchema = z.string().max(1024).transform(normalizeEmail).pipe(emailSchema);
