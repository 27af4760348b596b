import { Module } from '@nestjs/common';
import { PasswordHasher } from './password-hasher.service.js';

/** argon2id hashing with the configured parameters. */
@Module({ providers: [PasswordHasher], exports: [PasswordHasher] })
export class PasswordsModule {}
