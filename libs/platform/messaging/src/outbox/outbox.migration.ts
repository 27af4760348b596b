import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox table. Rows live only until Kafka acknowledges them: an empty table means nothing is
 * waiting, and its row count is the relay's lag. `seq` orders publishing; the payload is the
 * serialized envelope, kept as text so that what Kafka receives is byte for byte what was written.
 */
export class CreateOutbox1763769600000 implements MigrationInterface {
  name = 'CreateOutbox1763769600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE outbox (
        seq bigserial PRIMARY KEY,
        id uuid NOT NULL UNIQUE,
        topic text NOT NULL,
        message_key text NOT NULL,
        event_type text NOT NULL,
        event_version integer NOT NULL,
        payload text NOT NULL,
        trace_headers jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        attempts integer NOT NULL DEFAULT 0,
        last_error text
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE outbox');
  }
}
