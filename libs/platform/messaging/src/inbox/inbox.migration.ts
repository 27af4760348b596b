import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Which consumer has handled which event: the primary key is what makes a redelivery a no-op. */
export class CreateInbox1763769600001 implements MigrationInterface {
  name = 'CreateInbox1763769600001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE inbox (
        consumer text NOT NULL,
        event_id uuid NOT NULL,
        event_type text NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE inbox');
  }
}
