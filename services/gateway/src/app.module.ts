import { Module, type DynamicModule } from '@nestjs/common';
import { JwtAuthModule } from '@shop/platform-http';
import { GatewayConfigModule, type GatewayConfig } from './config/gateway.config.js';
import { DocsModule } from './docs/docs.module.js';
import { RedisModule } from './redis/redis.module.js';
import { RoutesModule } from './routes/routes.module.js';

@Module({})
export class AppModule {
  /** The gateway, configured: `main.ts` passes the environment's config, tests their own. */
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        GatewayConfigModule.forRoot(config),
        // The first check of every access token; each service verifies it again.
        JwtAuthModule.forRoot({
          jwksUrl: config.AUTH_JWKS_URL,
          issuer: config.AUTH_ISSUER,
          audience: config.AUTH_AUDIENCE,
        }),
        RedisModule,
        RoutesModule,
        DocsModule,
      ],
    };
  }
}
