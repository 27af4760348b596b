import { Module } from '@nestjs/common';
import { KeysModule } from '../keys/keys.module.js';
import { AccessTokensService } from './access-tokens.service.js';
import { RefreshTokensService } from './refresh-tokens.service.js';
import { SessionTokensService } from './session-tokens.service.js';

/** Access tokens (signed JWTs) and refresh-token families. */
@Module({
  imports: [KeysModule],
  providers: [AccessTokensService, RefreshTokensService, SessionTokensService],
  exports: [SessionTokensService, RefreshTokensService],
})
export class TokensModule {}
