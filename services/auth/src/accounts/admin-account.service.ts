import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AUTH_CONFIG, type AuthConfig } from '../config/auth.config.js';
import { AccountsService } from './accounts.service.js';
import { UsersRepository } from './users.repository.js';

/**
 * Creates the administrator named by `AUTH_ADMIN_EMAIL` / `AUTH_ADMIN_PASSWORD` at start, once:
 * an existing admin is left alone (its password is not reset from the environment).
 */
@Injectable()
export class AdminAccountService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AdminAccountService.name);

  constructor(
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
    private readonly accounts: AccountsService,
    private readonly users: UsersRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const admin = this.config.admin;
    if (!admin) return;
    const existing = await this.users.findByEmail(admin.email);
    if (existing) {
      // Promoting it would hand the admin role to whoever registered that address first.
      if (!existing.roles.includes('admin')) {
        throw new Error(
          'AUTH_ADMIN_EMAIL belongs to an existing customer account; refusing to promote it',
        );
      }
      return;
    }
    if (await this.accounts.createAdminIfAbsent(admin)) {
      this.logger.log({ message: 'administrator account created', email: admin.email });
    }
  }
}
