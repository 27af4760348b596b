import { registerRequestSchema } from '@shop/contracts';
import type { z } from 'zod';
import { emailInputSchema } from './email.js';

/**
 * The contract's registration body (strict: an unknown field such as `role` is a 400), with the
 * email normalized as it is parsed.
 */
export const registerBodySchema = registerRequestSchema.extend({ email: emailInputSchema });

export type RegisterBody = z.output<typeof registerBodySchema>;
