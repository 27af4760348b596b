import { Module } from '@nestjs/common';
import { AUTH_CONFIG, type AuthConfig } from '../config/auth.config.js';
import { JwksHttpController } from './jwks.http.controller.js';
import { KeyRing } from './key-ring.service.js';

/** The signing keys and the JWKS endpoint. */
@Module({
  controllers: [JwksHttpController],
  providers: [
    {
      provide: KeyRing,
      inject: [AUTH_CONFIG],
      useFactory: (config: AuthConfig) => KeyRing.fromConfig(config.keys),
    },
  ],
  exports: [KeyRing],
})
export class KeysModule {}
