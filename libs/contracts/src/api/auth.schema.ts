import { z } from 'zod';
import { emailSchema, roleSchema, uuidSchema } from '../primitives.schema.js';

/** Long enough to resist guessing without rules about symbols; capped so hashing stays cheap. */
export const passwordSchema = z.string().min(10).max(128);

const displayNameSchema = z.string().trim().min(1).max(64);

/** Refresh tokens are opaque random strings; the bound only stops abuse. */
const refreshTokenSchema = z.string().min(16).max(512);

export const registerRequestSchema = z.strictObject({
  email: emailSchema,
  password: passwordSchema,
  displayName: displayNameSchema.optional(),
});

/** The login password is not held to the registration rules: those may change after sign-up. */
export const loginRequestSchema = z.strictObject({
  email: emailSchema,
  password: z.string().min(1).max(128),
});

export const refreshRequestSchema = z.strictObject({ refreshToken: refreshTokenSchema });

export const logoutRequestSchema = z.strictObject({ refreshToken: refreshTokenSchema });

/** Answer of register, login and refresh. A refresh token works once: refresh returns another. */
export const tokenResponseSchema = z.strictObject({
  accessToken: z.string().min(1).max(4096),
  tokenType: z.literal('Bearer'),
  /** Lifetime of the access token, in seconds. */
  expiresIn: z.number().int().positive(),
  refreshToken: refreshTokenSchema,
});

export const meResponseSchema = z.strictObject({
  id: uuidSchema,
  email: emailSchema,
  roles: z.array(roleSchema).min(1),
  displayName: displayNameSchema.optional(),
});

export type RegisterRequest = z.infer<typeof registerRequestSchema>;
export type LoginRequest = z.infer<typeof loginRequestSchema>;
export type RefreshRequest = z.infer<typeof refreshRequestSchema>;
export type LogoutRequest = z.infer<typeof logoutRequestSchema>;
export type TokenResponse = z.infer<typeof tokenResponseSchema>;
export type MeResponse = z.infer<typeof meResponseSchema>;
