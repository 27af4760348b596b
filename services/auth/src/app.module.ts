import { Module, type DynamicModule } from '@nestjs/common';
import { JwtAuthModule } from '@shop/platform-http';
import { AccountsModule } from './accounts/accounts.module.js';
import type { AuthConfig } from './config/auth.config.js';
import { AuthConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { EventsModule } from './events/events.module.js';
import { KeysModule } from './keys/keys.module.js';
import { SIGNING_ALGORITHM } from './keys/signing-keys.js';
import { SessionsModule } from './sessions/sessions.module.js';

/** The auth service, configured by `config`. */
@Module({})
export class AppModule {
  static forRoot(config: AuthConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AuthConfigModule.forRoot(config),
        DatabaseModule,
        // `/auth/me` is guarded exactly as every other service's routes are: the shared guard,
        // fetching this service's own JWKS over loopback. Its tests are then tests of that guard.
        JwtAuthModule.forRoot({
          jwksUrl: config.tokens.jwksUrl,
          issuer: config.tokens.issuer,
          audience: config.tokens.audience,
          algorithms: [SIGNING_ALGORITHM],
        }),
        KeysModule,
        EventsModule,
        AccountsModule,
        SessionsModule,
      ],
    };
  }
}
