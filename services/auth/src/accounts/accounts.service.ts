import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { userRegistered, type MeResponse, type Role } from '@shop/contracts';
import { createEnvelope, Outbox } from '@shop/platform-messaging';
import { metrics } from '@shop/platform-telemetry';
import { PasswordHasher } from '../passwords/password-hasher.service.js';
import { passwordProblem } from '../passwords/password-policy.js';
import { WeakPasswordError } from '../passwords/passwords.errors.js';
import { AccountNotFoundError } from './accounts.errors.js';
import { UserEntity } from './user.entity.js';
import { UsersRepository } from './users.repository.js';

/** What a new account is made of; the email is already normalized. */
export interface NewAccount {
  email: string;
  password: string;
  displayName?: string;
}

const registrations = metrics.counter(
  'auth_registrations_total',
  'Accounts created, by role (customer by registration, admin from the configuration).',
  ['role'],
);

/** Creating accounts and reading them back. */
@Injectable()
export class AccountsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly outbox: Outbox,
  ) {}

  /**
   * A customer account. Registration names no role: every account it makes is a customer, and
   * the request schema refuses any field it does not name.
   * @throws WeakPasswordError, EmailTakenError
   */
  async register(input: NewAccount): Promise<UserEntity> {
    const user = await this.newUser(input, ['customer']);
    await this.dataSource.transaction(async (manager) => {
      await this.users.insert(manager, user);
      await this.announce(manager, user);
    });
    registrations.inc({ role: 'customer' });
    return user;
  }

  /**
   * The configured administrator, unless its email is registered already (so every replica may
   * run it at every start).
   * @returns whether the account was created now.
   */
  async createAdminIfAbsent(input: NewAccount): Promise<boolean> {
    const user = await this.newUser(input, ['admin']);
    const created = await this.dataSource.transaction(async (manager) => {
      const inserted = await this.users.insertIfAbsent(manager, user);
      if (inserted) await this.announce(manager, user);
      return inserted;
    });
    if (created) registrations.inc({ role: 'admin' });
    return created;
  }

  /** The account as `/auth/me` shows it. */
  async profile(id: string): Promise<MeResponse> {
    const user = await this.users.findById(id);
    if (!user) throw new AccountNotFoundError();
    return {
      id: user.id,
      email: user.email,
      roles: user.roles,
      ...(user.displayName !== null && { displayName: user.displayName }),
    };
  }

  private async newUser(input: NewAccount, roles: Role[]): Promise<UserEntity> {
    const problem = passwordProblem(input.password);
    if (problem) throw new WeakPasswordError(problem);
    const now = new Date();
    const user = new UserEntity();
    user.id = uuidv7();
    user.email = input.email;
    // Hashed before the transaction opens: 50 ms of argon2 should not hold a connection.
    user.passwordHash = await this.hasher.hash(input.password);
    user.roles = roles;
    user.displayName = input.displayName ?? null;
    user.createdAt = now;
    user.updatedAt = now;
    return user;
  }

  /** `user.registered`, in the transaction that creates the account: both commit or neither. */
  private async announce(manager: EntityManager, user: UserEntity): Promise<void> {
    const event = createEnvelope(userRegistered, {
      source: 'auth',
      subject: user.id,
      time: user.createdAt,
      data: {
        userId: user.id,
        email: user.email,
        roles: user.roles,
        registeredAt: user.createdAt.toISOString(),
      },
    });
    await this.outbox.add(manager, userRegistered, event);
  }
}
