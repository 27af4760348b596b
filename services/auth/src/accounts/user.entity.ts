import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Role } from '@shop/contracts';

/** An account: a normalized email, an argon2id hash and the roles it holds. */
@Entity({ name: 'users' })
export class UserEntity {
  @PrimaryColumn('uuid')
  id!: string;

  /** Trimmed and lower-cased (see `normalizeEmail`); unique. */
  @Column('text')
  email!: string;

  /** PHC string: `$argon2id$v=19$m=…,t=…,p=…$salt$hash`. */
  @Column('text', { name: 'password_hash' })
  passwordHash!: string;

  @Column('text', { array: true })
  roles!: Role[];

  @Column('text', { name: 'display_name', nullable: true })
  displayName!: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
