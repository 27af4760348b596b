import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, Logger } from '@nestjs/common';
import type { TokenResponse } from '@shop/contracts';
import { metrics } from '@shop/platform-telemetry';
import type { UserEntity } from '../accounts/user.entity.js';
import { UsersRepository } from '../accounts/users.repository.js';
import { PasswordHasher } from '../passwords/password-hasher.service.js';
import { LoginThrottle } from '../throttling/login-throttle.service.js';
import { TooManyAttemptsError } from '../throttling/throttling.errors.js';
import { RefreshTokensService } from '../tokens/refresh-tokens.service.js';
import { SessionTokensService } from '../tokens/session-tokens.service.js';
import { InvalidRefreshTokenError, RefreshReusedError } from '../tokens/tokens.errors.js';
import type { LoginBody } from './sessions.schema.js';
import { InvalidCredentialsError } from './sessions.errors.js';

const logins = metrics.counter(
  'auth_logins_total',
  'Login attempts, by outcome (success, invalid_credentials, throttled).',
  ['outcome'],
);
const refreshes = metrics.counter(
  'auth_token_refreshes_total',
  'Refresh-token exchanges, by outcome (rotated, reused, invalid).',
  ['outcome'],
);
const slowdowns = metrics.counter(
  'auth_login_slowdowns_total',
  'Login attempts held back because their account is over its failure budget (ADR 0017).',
);
const rehashes = metrics.counter(
  'auth_password_rehashes_total',
  'Password hashes replaced at login because the argon2 parameters changed.',
);

/** Login, refresh and logout. */
@Injectable()
export class SessionsService {
  private readonly logger = new Logger(SessionsService.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottle,
    private readonly refreshTokens: RefreshTokensService,
    private readonly sessions: SessionTokensService,
  ) {}

  /**
   * @param ip the client's address, as the trusted proxies report it.
   * @throws TooManyAttemptsError, InvalidCredentialsError, ThrottleUnavailableError
   */
  async login({ email, password }: LoginBody, ip: string): Promise<TokenResponse> {
    await this.reserveAttempt(email, ip);
    const user = await this.users.findByEmail(email);
    // An unknown email costs one verification too: its answer must not come back faster.
    const valid = user
      ? await this.hasher.verify(user.passwordHash, password)
      : await this.hasher.verifyNothing(password);
    if (!user || !valid) {
      logins.inc({ outcome: 'invalid_credentials' });
      throw new InvalidCredentialsError();
    }
    await this.throttle.release(email, ip);
    await this.rehashIfOutdated(user, password);
    logins.inc({ outcome: 'success' });
    return this.sessions.start(user);
  }

  /**
   * Counts the attempt, and holds it while its account is over budget: before the password is
   * checked, so that the right and a wrong password take the same time.
   */
  private async reserveAttempt(email: string, ip: string): Promise<void> {
    try {
      const { delayMs } = await this.throttle.reserve(email, ip);
      if (delayMs === 0) return;
      slowdowns.inc();
      await sleep(delayMs);
    } catch (error) {
      if (error instanceof TooManyAttemptsError) logins.inc({ outcome: 'throttled' });
      throw error;
    }
  }

  /**
   * @throws RefreshReusedError, InvalidRefreshTokenError
   */
  async refresh(refreshToken: string): Promise<TokenResponse> {
    try {
      const rotated = await this.refreshTokens.rotate(refreshToken);
      const user = await this.users.findById(rotated.userId);
      // The account is gone: so is every session of it.
      if (!user) throw new InvalidRefreshTokenError();
      refreshes.inc({ outcome: 'rotated' });
      return await this.sessions.continue(user, rotated.refreshToken);
    } catch (error) {
      if (error instanceof RefreshReusedError) refreshes.inc({ outcome: 'reused' });
      if (error instanceof InvalidRefreshTokenError) refreshes.inc({ outcome: 'invalid' });
      throw error;
    }
  }

  /** Ends the session (the refresh family) `refreshToken` belongs to. */
  logout(refreshToken: string): Promise<void> {
    return this.refreshTokens.revokeFamilyOf(refreshToken);
  }

  /**
   * The only moment the password is known again: upgrade its hash to the configured
   * parameters. The login succeeds even if this fails; the next one tries again.
   */
  private async rehashIfOutdated(user: UserEntity, password: string): Promise<void> {
    if (!this.hasher.needsRehash(user.passwordHash)) return;
    try {
      const next = await this.hasher.hash(password);
      await this.users.replacePasswordHash(user.id, user.passwordHash, next);
      rehashes.inc();
    } catch (error) {
      this.logger.error({
        message: 'password rehash failed; keeping the old hash',
        userId: user.id,
        error: String(error),
      });
    }
  }
}
