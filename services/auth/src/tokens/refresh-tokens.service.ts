import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { AUTH_CONFIG, type AuthConfig } from '../config/auth.config.js';
import { RefreshFamilyEntity, type RevocationReason } from './refresh-family.entity.js';
import { RefreshTokenEntity } from './refresh-token.entity.js';
import {
  hashRefreshToken,
  newRefreshToken,
  refreshTokenExpiry,
  rotationVerdict,
  type RotationVerdict,
} from './refresh-token.js';
import { InvalidRefreshTokenError, RefreshReusedError } from './tokens.errors.js';

/** A rotation that succeeded: whose family it is, and the token that replaces the used one. */
export interface Rotated {
  userId: string;
  refreshToken: string;
}

type RotationOutcome =
  { verdict: 'unknown' | Exclude<RotationVerdict, 'rotate'> } | ({ verdict: 'rotate' } & Rotated);

/** Refresh-token families in Postgres: start one per login, rotate on every use, revoke. */
@Injectable()
export class RefreshTokensService {
  private readonly settings: AuthConfig['tokens'];

  constructor(
    @Inject(AUTH_CONFIG) config: AuthConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    this.settings = config.tokens;
  }

  /** A new family for a login, and its first token. */
  async startFamily(userId: string): Promise<string> {
    const now = new Date();
    const family = new RefreshFamilyEntity();
    family.id = uuidv7();
    family.userId = userId;
    family.createdAt = now;
    family.expiresAt = new Date(now.getTime() + this.settings.refreshFamilyMaxAgeSeconds * 1000);
    family.revokedAt = null;
    family.revokedReason = null;
    return this.dataSource.transaction(async (manager) => {
      await manager.insert(RefreshFamilyEntity, family);
      return this.addToken(manager, family, now);
    });
  }

  /**
   * Exchanges `token` for the next one of its family. The token's row is locked, so of two
   * concurrent uses one rotates and the other is a reuse.
   * @throws RefreshReusedError when the token was used before (its family is revoked now).
   * @throws InvalidRefreshTokenError when it is unknown, expired or revoked.
   */
  async rotate(token: string): Promise<Rotated> {
    const outcome = await this.dataSource.transaction((manager) =>
      this.rotateIn(manager, hashRefreshToken(token)),
    );
    // Thrown after the commit, so that the revocation of a reused family is kept.
    if (outcome.verdict === 'reused') throw new RefreshReusedError();
    if (outcome.verdict !== 'rotate') throw new InvalidRefreshTokenError();
    return { userId: outcome.userId, refreshToken: outcome.refreshToken };
  }

  /** Ends the family `token` belongs to (logout). An unknown token changes nothing. */
  async revokeFamilyOf(token: string): Promise<void> {
    const row = await this.dataSource.manager.findOneBy(RefreshTokenEntity, {
      tokenHash: hashRefreshToken(token),
    });
    if (row) await this.revoke(this.dataSource.manager, row.familyId, 'logout');
  }

  private async rotateIn(manager: EntityManager, tokenHash: Buffer): Promise<RotationOutcome> {
    const row = await manager.findOne(RefreshTokenEntity, {
      where: { tokenHash },
      lock: { mode: 'pessimistic_write' },
    });
    if (!row) return { verdict: 'unknown' };
    const family = await manager.findOne(RefreshFamilyEntity, {
      where: { id: row.familyId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!family) return { verdict: 'unknown' };
    const now = new Date();
    const verdict = rotationVerdict(row, family, now);
    if (verdict === 'reused') await this.revoke(manager, family.id, 'reuse');
    if (verdict !== 'rotate') return { verdict };
    await manager.update(RefreshTokenEntity, { tokenHash }, { usedAt: now });
    const refreshToken = await this.addToken(manager, family, now);
    return { verdict, userId: family.userId, refreshToken };
  }

  private async addToken(
    manager: EntityManager,
    family: RefreshFamilyEntity,
    now: Date,
  ): Promise<string> {
    const token = newRefreshToken();
    const row = new RefreshTokenEntity();
    row.tokenHash = hashRefreshToken(token);
    row.familyId = family.id;
    row.issuedAt = now;
    row.expiresAt = refreshTokenExpiry(now, this.settings.refreshTokenTtlSeconds, family.expiresAt);
    row.usedAt = null;
    await manager.insert(RefreshTokenEntity, row);
    return token;
  }

  private async revoke(
    manager: EntityManager,
    familyId: string,
    reason: RevocationReason,
  ): Promise<void> {
    // The first reason stays: a family revoked for reuse remains so after a later logout.
    await manager
      .createQueryBuilder()
      .update(RefreshFamilyEntity)
      .set({ revokedAt: () => 'now()', revokedReason: reason })
      .where('id = :familyId AND revoked_at IS NULL', { familyId })
      .execute();
  }
}
