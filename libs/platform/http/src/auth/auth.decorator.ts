import {
  applyDecorators,
  createParamDecorator,
  SetMetadata,
  type ExecutionContext,
} from '@nestjs/common';
import { ApiSecurity } from '@nestjs/swagger';
import { MissingTokenError } from './auth.errors.js';
import { currentUserOf, type AuthenticatedUser } from './current-user.js';

/** Metadata key of {@link Public}. */
export const IS_PUBLIC_KEY = 'shop:auth:public';
/** Metadata key of {@link Roles}. */
export const ROLES_KEY = 'shop:auth:roles';

/**
 * Opts a route (or a whole controller) out of the global bearer-token guard. The OpenAPI
 * document shows it with an empty security requirement, i.e. anonymous access.
 */
export function Public(): ClassDecorator & MethodDecorator {
  return applyDecorators(SetMetadata(IS_PUBLIC_KEY, true), ApiSecurity({}));
}

/** The route requires a valid token whose subject has at least one of `roles`; else 403. */
export function Roles(...roles: [string, ...string[]]): ClassDecorator & MethodDecorator {
  return SetMetadata(ROLES_KEY, roles);
}

/**
 * The authenticated user: `{ id, roles, email? }` from the verified token. On a `@Public()`
 * route without a token there is none, and the request fails with 401 `AUTH.MISSING_TOKEN`.
 */
export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedUser => {
    const user = currentUserOf(context.switchToHttp().getRequest<object>());
    if (!user) throw new MissingTokenError();
    return user;
  },
);
