import { loginRequestSchema } from '@shop/contracts';
import type { z } from 'zod';
import { emailInputSchema } from '../accounts/email.js';

/** The contract's login body, with the email normalized as registration stored it. */
export const loginBodySchema = loginRequestSchema.extend({ email: emailInputSchema });

export type LoginBody = z.output<typeof loginBodySchema>;
