import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Why a family was revoked. */
export type RevocationReason = 'logout' | 'reuse';

/** One login and every refresh token rotated from it. */
@Entity({ name: 'refresh_token_families' })
export class RefreshFamilyEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'user_id' })
  userId!: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt!: Date;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;

  @Column('text', { name: 'revoked_reason', nullable: true })
  revokedReason!: RevocationReason | null;
}
