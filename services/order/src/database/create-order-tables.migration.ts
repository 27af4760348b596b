import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The price projection, orders with their lines, and idempotency keys. The checks restate the
 * rules the code keeps, so that a row written some other way cannot break them silently.
 */
export class CreateOrderTables1763942400000 implements MigrationInterface {
  name = 'CreateOrderTables1763942400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Fed by catalog.product.v1. An archived product first seen by its `product.archived` event
    // has no name or price: the row still records its version, so older events stay ignored.
    await queryRunner.query(`
      CREATE TABLE product_prices (
        product_id text PRIMARY KEY,
        sku text NOT NULL,
        name text,
        price_amount bigint CHECK (price_amount >= 0),
        price_currency text,
        status text NOT NULL CHECK (status IN ('active', 'archived')),
        version integer NOT NULL CHECK (version > 0),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT product_prices_active_is_priced CHECK (
          status = 'archived'
          OR (name IS NOT NULL AND price_amount IS NOT NULL AND price_currency IS NOT NULL)
        )
      )`);
    await queryRunner.query('CREATE INDEX product_prices_sku ON product_prices (sku)');

    await queryRunner.query(`
      CREATE TABLE orders (
        id uuid PRIMARY KEY,
        customer_id uuid NOT NULL,
        status text NOT NULL CHECK (status IN ('PENDING', 'CONFIRMED', 'REJECTED', 'CANCELLED')),
        status_reason text,
        currency text NOT NULL,
        total_amount bigint NOT NULL CHECK (total_amount >= 0),
        reservation_id uuid,
        payment_id text,
        correlation_id text NOT NULL,
        version integer NOT NULL CHECK (version > 0),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT orders_confirmed_is_paid CHECK (
          status <> 'CONFIRMED' OR (reservation_id IS NOT NULL AND payment_id IS NOT NULL)
        )
      )`);
    // Keyset pages: a customer's orders, everyone's (admin), everyone's by status (admin).
    await queryRunner.query(
      'CREATE INDEX orders_customer_page ON orders (customer_id, created_at DESC, id DESC)',
    );
    await queryRunner.query('CREATE INDEX orders_page ON orders (created_at DESC, id DESC)');
    await queryRunner.query(
      'CREATE INDEX orders_status_page ON orders (status, created_at DESC, id DESC)',
    );
    // The saga-timeout sweep reads only PENDING orders, oldest first.
    await queryRunner.query(
      "CREATE INDEX orders_pending_since ON orders (created_at) WHERE status = 'PENDING'",
    );

    await queryRunner.query(`
      CREATE TABLE order_lines (
        order_id uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
        position smallint NOT NULL CHECK (position >= 0),
        sku text NOT NULL,
        name text,
        quantity integer NOT NULL CHECK (quantity BETWEEN 1 AND 1000),
        unit_amount bigint NOT NULL CHECK (unit_amount >= 0),
        PRIMARY KEY (order_id, position),
        CONSTRAINT order_lines_one_per_sku UNIQUE (order_id, sku)
      )`);

    // The primary key is what serializes concurrent checkouts with one key. The row is written
    // in the transaction that creates the order, so a visible row always has its response.
    await queryRunner.query(`
      CREATE TABLE idempotency_keys (
        customer_id uuid NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        order_id uuid,
        response_status integer,
        response_body text,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (customer_id, key)
      )`);
    await queryRunner.query(
      'CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE idempotency_keys');
    await queryRunner.query('DROP TABLE order_lines');
    await queryRunner.query('DROP TABLE orders');
    await queryRunner.query('DROP TABLE product_prices');
  }
}
