import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module.js';
import { PasswordsModule } from '../passwords/passwords.module.js';
import { ThrottlingModule } from '../throttling/throttling.module.js';
import { TokensModule } from '../tokens/tokens.module.js';
import { SessionsHttpController } from './sessions.http.controller.js';
import { SessionsService } from './sessions.service.js';

/** Login, refresh and logout. */
@Module({
  imports: [AccountsModule, PasswordsModule, ThrottlingModule, TokensModule],
  controllers: [SessionsHttpController],
  providers: [SessionsService],
})
export class SessionsModule {}
