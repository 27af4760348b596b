import 'reflect-metadata';
import pg from 'pg';
import {
  Column,
  DataSource,
  Entity,
  PrimaryColumn,
  type MigrationInterface,
  type QueryRunner,
} from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devstackEnv, uniqueName } from '@shop/testing';

@Entity({ name: 'widget' })
class Widget {
  @PrimaryColumn('text')
  sku!: string;

  @Column('integer')
  quantity!: number;
}

class CreateWidget1700000000000 implements MigrationInterface {
  name = 'CreateWidget1700000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE widget (sku text PRIMARY KEY, quantity integer NOT NULL CHECK (quantity >= 0))',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE widget');
  }
}

/** Runs against the shop role's server: each test file gets a database of its own. */
async function withAdmin<T>(url: string, action: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await action(client);
  } finally {
    await client.end();
  }
}

describe('Postgres through TypeORM', () => {
  const { POSTGRES_URL } = devstackEnv();
  const database = uniqueName('pg_roundtrip');
  let dataSource: DataSource;

  beforeAll(async () => {
    await withAdmin(POSTGRES_URL, (client) => client.query(`CREATE DATABASE ${database}`));
    const url = new URL(POSTGRES_URL);
    url.pathname = `/${database}`;
    dataSource = new DataSource({
      type: 'postgres',
      url: url.toString(),
      entities: [Widget],
      migrations: [CreateWidget1700000000000],
      synchronize: false,
    });
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await withAdmin(POSTGRES_URL, (client) =>
      client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`),
    );
  });

  it('runs a migration once', async () => {
    const applied = await dataSource.runMigrations();
    expect(applied.map((migration) => migration.name)).toEqual(['CreateWidget1700000000000']);
    expect(await dataSource.runMigrations()).toEqual([]);
  });

  it('stores rows and reads them back', async () => {
    const widgets = dataSource.getRepository(Widget);
    await widgets.save([
      { sku: 'A-1', quantity: 3 },
      { sku: 'B-2', quantity: 0 },
    ]);
    const found = await widgets.find({ order: { sku: 'ASC' } });
    expect(found).toEqual([
      { sku: 'A-1', quantity: 3 },
      { sku: 'B-2', quantity: 0 },
    ]);
  });

  it('rolls a failed transaction back', async () => {
    const widgets = dataSource.getRepository(Widget);
    const attempt = dataSource.transaction(async (manager) => {
      await manager.update(Widget, { sku: 'A-1' }, { quantity: 2 });
      await manager.insert(Widget, { sku: 'C-3', quantity: -1 }); // violates the CHECK constraint
    });
    await expect(attempt).rejects.toThrow(/check constraint/);
    expect(await widgets.findOneByOrFail({ sku: 'A-1' })).toEqual({ sku: 'A-1', quantity: 3 });
    expect(await widgets.countBy({ sku: 'C-3' })).toBe(0);
  });
});
