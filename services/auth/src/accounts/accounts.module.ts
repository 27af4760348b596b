import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventsModule } from '../events/events.module.js';
import { PasswordsModule } from '../passwords/passwords.module.js';
import { TokensModule } from '../tokens/tokens.module.js';
import { AccountsHttpController } from './accounts.http.controller.js';
import { AccountsService } from './accounts.service.js';
import { AdminAccountService } from './admin-account.service.js';
import { UserEntity } from './user.entity.js';
import { UsersRepository } from './users.repository.js';

/** Registration, `/auth/me`, and the administrator from the configuration. */
@Module({
  imports: [TypeOrmModule.forFeature([UserEntity]), EventsModule, PasswordsModule, TokensModule],
  controllers: [AccountsHttpController],
  providers: [UsersRepository, AccountsService, AdminAccountService],
  exports: [UsersRepository],
})
export class AccountsModule {}
