import { randomBytes } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { hash, parseOptions, verify, type Algorithm } from '@node-rs/argon2';
import { AUTH_CONFIG, type AuthConfig } from '../config/auth.config.js';
import { ARGON2ID, needsRehash, type Argon2Params } from './argon2-params.js';

/**
 * argon2id hashing with the configured parameters. The work runs on libuv's thread pool, so the
 * event loop keeps serving while a hash is computed.
 */
@Injectable()
export class PasswordHasher implements OnModuleInit {
  private readonly params: Argon2Params;
  /** Verified against when an account does not exist, so that the answer takes as long. */
  private dummyHash?: string;

  constructor(@Inject(AUTH_CONFIG) config: AuthConfig) {
    this.params = config.passwordHashing;
  }

  async onModuleInit(): Promise<void> {
    this.dummyHash = await this.hash(randomBytes(32).toString('base64url'));
  }

  /** The parameters new hashes are made with. */
  get parameters(): Readonly<Argon2Params> {
    return this.params;
  }

  /** A PHC string, `$argon2id$v=19$m=…,t=…,p=…$salt$hash`, with a fresh 16-byte salt. */
  hash(password: string): Promise<string> {
    return hash(password, { ...this.params, algorithm: ARGON2ID as Algorithm });
  }

  /** Whether `password` matches `stored`; the comparison is constant-time. */
  verify(stored: string, password: string): Promise<boolean> {
    return verify(stored, password);
  }

  /**
   * Spends the time a real verification takes and answers false: for logins to accounts that
   * do not exist, which must not be told apart from a wrong password by their latency.
   */
  async verifyNothing(password: string): Promise<false> {
    if (!this.dummyHash) throw new Error('PasswordHasher used before its module was initialized');
    await verify(this.dummyHash, password);
    return false;
  }

  /** Whether `stored` was made with other parameters than the configured ones. */
  needsRehash(stored: string): boolean {
    return needsRehash(parseOptions(stored), this.params);
  }
}
