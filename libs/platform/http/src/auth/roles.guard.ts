import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ROLES_KEY } from './auth.decorator.js';
import { ForbiddenError, MissingTokenError } from './auth.errors.js';
import { currentUserOf } from './current-user.js';

/**
 * Global guard, after {@link JwtAuthGuard}: a route with `@Roles(...)` needs a user holding at
 * least one of them, else 403 `AUTH.FORBIDDEN`.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const required = this.reflector.getAllAndOverride<string[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!required?.length) return true;
    const user = currentUserOf(context.switchToHttp().getRequest<object>());
    // No user: `@Roles` on a `@Public()` route called without a token.
    if (!user) throw new MissingTokenError();
    if (!required.some((role) => user.roles.includes(role))) throw new ForbiddenError();
    return true;
  }
}
