import { randomUUID } from 'node:crypto';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { orderPlaced } from '@shop/contracts';
import {
  CreateInbox1763769600001,
  CreateOutbox1763769600000,
  createEnvelope,
} from '../src/index.js';

/** The "business" side of a test service: the rows an event reports, and the effects consumers apply. */
class CreateTestTables1763769600002 implements MigrationInterface {
  name = 'CreateTestTables1763769600002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE TABLE business_orders (id uuid PRIMARY KEY)');
    // No unique key on purpose: an effect applied twice shows up as two rows.
    await queryRunner.query(
      'CREATE TABLE effects (event_id uuid NOT NULL, applied_at timestamptz DEFAULT now())',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE effects');
    await queryRunner.query('DROP TABLE business_orders');
  }
}

export async function migratedDataSource(url: string): Promise<DataSource> {
  const dataSource = new DataSource({
    type: 'postgres',
    url,
    migrations: [
      CreateOutbox1763769600000,
      CreateInbox1763769600001,
      CreateTestTables1763769600002,
    ],
    poolSize: 5,
  });
  await dataSource.initialize();
  await dataSource.runMigrations();
  return dataSource;
}

/** A valid `order.placed` envelope for one order. */
export function orderPlacedEvent(orderId: string = randomUUID()) {
  return createEnvelope(orderPlaced, {
    source: 'order',
    subject: orderId,
    data: {
      orderId,
      customerId: randomUUID(),
      lines: [{ sku: 'MUG-1', quantity: 2, unitPrice: { amount: 1250, currency: 'EUR' } }],
      total: { amount: 2500, currency: 'EUR' },
      placedAt: new Date().toISOString(),
    },
  });
}

export async function countRows(dataSource: DataSource, sql: string): Promise<number> {
  const rows: { count: string }[] = await dataSource.query(sql);
  return Number(rows[0].count);
}
