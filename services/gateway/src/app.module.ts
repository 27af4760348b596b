import { Module, type DynamicModule } from '@nestjs/common';
import { JwtAuthModule } from '@shop/platform-http';
import { GatewayConfigModule, type GatewayConfig } from './config/gateway.config.js';
import { DocsModule } from './docs/docs.module.js';
import { RedisModule } from './redis/redis.module.js';
import { RevocationModule } from './revocation/revocation.module.js';
import { RoutesModule } from './routes/routes.module.js';

@Module({})
export class AppModule {
  /** The gateway, configured: `main.ts` passes the environment's config, tests their own. */
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        GatewayConfigModule.forRoot(config),
        // The first check of every access token; each service verifies it again. Global, so
        // that the logout route can verify the token it revokes with the same verifier.
        {
          ...JwtAuthModule.forRoot({
            jwksUrl: config.AUTH_JWKS_URL,
            issuer: config.AUTH_ISSUER,
            audience: config.AUTH_AUDIENCE,
          }),
          global: true,
        },
        RedisModule,
        // Logged-out tokens, checked by the guard above (TOKEN_REVOCATION_CHECK).
        RevocationModule,
        RoutesModule,
        DocsModule,
      ],
    };
  }
}
