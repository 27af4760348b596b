import { Global, Module } from '@nestjs/common';
import { TOKEN_REVOCATION_CHECK } from '@shop/platform-http';
import { RevokedTokens } from './revoked-tokens.service.js';

/**
 * The deny-list, global so that the platform's `JwtAuthGuard` finds it under
 * `TOKEN_REVOCATION_CHECK` and the logout route can write to it.
 */
@Global()
@Module({
  providers: [RevokedTokens, { provide: TOKEN_REVOCATION_CHECK, useExisting: RevokedTokens }],
  exports: [RevokedTokens, TOKEN_REVOCATION_CHECK],
})
export class RevocationModule {}
