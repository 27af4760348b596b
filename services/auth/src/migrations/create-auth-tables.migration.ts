import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts and refresh-token families. The checks restate the rules the code keeps, so that a
 * row written some other way (a script, a bug) cannot break them silently.
 */
export class CreateAuthTables1763856000000 implements MigrationInterface {
  name = 'CreateAuthTables1763856000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY,
        email text NOT NULL,
        password_hash text NOT NULL,
        roles text[] NOT NULL,
        display_name text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT users_email_key UNIQUE (email),
        CONSTRAINT users_email_normalized CHECK (email = lower(btrim(email))),
        CONSTRAINT users_roles_known CHECK (
          cardinality(roles) > 0 AND roles <@ ARRAY['customer', 'admin']::text[]
        )
      )`);
    await queryRunner.query(`
      CREATE TABLE refresh_token_families (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        revoked_reason text CHECK (revoked_reason IN ('logout', 'reuse')),
        CONSTRAINT refresh_token_families_revocation CHECK (
          (revoked_at IS NULL) = (revoked_reason IS NULL)
        )
      )`);
    await queryRunner.query(
      'CREATE INDEX refresh_token_families_user_id ON refresh_token_families (user_id)',
    );
    await queryRunner.query(`
      CREATE TABLE refresh_tokens (
        token_hash bytea PRIMARY KEY CHECK (octet_length(token_hash) = 32),
        family_id uuid NOT NULL REFERENCES refresh_token_families (id) ON DELETE CASCADE,
        issued_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`);
    await queryRunner.query('CREATE INDEX refresh_tokens_family_id ON refresh_tokens (family_id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE refresh_tokens');
    await queryRunner.query('DROP TABLE refresh_token_families');
    await queryRunner.query('DROP TABLE users');
  }
}
