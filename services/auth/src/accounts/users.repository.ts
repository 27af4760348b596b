import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { QueryFailedError, type EntityManager, type Repository } from 'typeorm';
import { EmailTakenError } from './accounts.errors.js';
import { UserEntity } from './user.entity.js';

/** Postgres' code for a unique violation. */
const UNIQUE_VIOLATION = '23505';

/** Accounts in Postgres. */
@Injectable()
export class UsersRepository {
  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {}

  /** By normalized email. */
  findByEmail(email: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ email });
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ id });
  }

  /**
   * Inserts `user` in the caller's transaction.
   * @throws EmailTakenError when the email is registered: the unique index decides, so two
   * concurrent registrations of one address cannot both succeed.
   */
  async insert(manager: EntityManager, user: UserEntity): Promise<void> {
    try {
      await manager.insert(UserEntity, user);
    } catch (error) {
      if (isUniqueViolation(error, 'users_email_key')) throw new EmailTakenError();
      throw error;
    }
  }

  /**
   * Inserts `user` unless its email is taken (no error then).
   * @returns whether the row was inserted.
   */
  async insertIfAbsent(manager: EntityManager, user: UserEntity): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(UserEntity)
      .values(user)
      .orIgnore()
      .returning(['id'])
      .execute();
    return (result.raw as unknown[]).length > 0;
  }

  /**
   * Replaces a password hash, unless it changed meanwhile (a concurrent login rehashed it
   * first): the newer hash wins either way.
   */
  async replacePasswordHash(id: string, previous: string, next: string): Promise<void> {
    await this.users.update(
      { id, passwordHash: previous },
      { passwordHash: next, updatedAt: new Date() },
    );
  }
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; constraint?: string };
  return driverError.code === UNIQUE_VIOLATION && driverError.constraint === constraint;
}
