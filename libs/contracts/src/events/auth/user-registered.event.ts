import { z } from 'zod';
import { defineEvent, type EventOf } from '../../define-event.js';
import { emailSchema, roleSchema, timestampSchema, uuidSchema } from '../../primitives.schema.js';
import { topics } from '../../topics.js';

/** A new account exists. Subject: the user id. */
export const userRegistered = defineEvent({
  type: 'user.registered',
  version: 1,
  topic: topics.authUser,
  description: 'A user account was created. Subject: the user id.',
  data: z.strictObject({
    userId: uuidSchema,
    email: emailSchema,
    roles: z
      .array(roleSchema)
      .min(1)
      .max(roleSchema.options.length)
      .refine((roles) => new Set(roles).size === roles.length, { message: 'roles must be unique' }),
    registeredAt: timestampSchema,
  }),
});

export type UserRegistered = EventOf<typeof userRegistered>;
