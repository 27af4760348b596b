import {
  Inject,
  Injectable,
  Optional,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { IS_PUBLIC_KEY } from './auth.decorator.js';
import { bearerTokenOf } from './bearer-token.js';
import { setCurrentUser } from './current-user.js';
import { TOKEN_REVOCATION_CHECK, type TokenRevocationCheck } from './token-revocation.js';
import { TokenVerifier } from './token-verifier.service.js';

/**
 * Global guard (installed by `JwtAuthModule`): every HTTP route needs a valid bearer access
 * token unless it is `@Public()`. Failures are 401 problems with a `WWW-Authenticate` challenge.
 * A verified token is then put to the service's {@link TokenRevocationCheck}, if it has one.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
    @Optional()
    @Inject(TOKEN_REVOCATION_CHECK)
    private readonly revocation?: TokenRevocationCheck,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // RPC and WS handlers (Kafka consumers) carry no bearer token.
    if (context.getType() !== 'http') return true;
    if (isPublic(this.reflector, context)) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const token = await this.verifier.verifyToken(bearerTokenOf(request.headers.authorization));
    await this.revocation?.assertUsable(token);
    setCurrentUser(request, token.user);
    return true;
  }
}

/** Whether the handler or its controller is `@Public()`. */
export function isPublic(reflector: Reflector, context: ExecutionContext): boolean {
  return (
    reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, [
      context.getHandler(),
      context.getClass(),
    ]) === true
  );
}
