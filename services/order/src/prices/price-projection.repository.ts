import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Money } from '@shop/contracts';

/** What the order service knows of a product, from the catalog's events. */
export interface ProductPrice {
  productId: string;
  sku: string;
  name: string;
  price: Money;
  /** False once archived: it stays in carts (so they still show it) but cannot be ordered. */
  available: boolean;
}

/** The full state `product.created` and `product.updated` carry (the fields kept here). */
export interface ProductState {
  productId: string;
  sku: string;
  name: string;
  price: Money;
  status: 'active' | 'archived';
  productVersion: number;
}

interface PriceRow {
  product_id: string;
  sku: string;
  name: string | null;
  price_amount: string | null;
  price_currency: string | null;
  status: 'active' | 'archived';
}

/**
 * The price projection of `catalog.product.v1`: checkout prices come from here, never from the
 * client and never from a call to the catalog. Each write applies only a version above the one
 * stored, so a redelivered or replayed older event changes nothing.
 */
@Injectable()
export class PriceProjection {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** @returns whether the event was newer than what the projection holds. */
  async apply(manager: EntityManager, state: ProductState): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO product_prices
         (product_id, sku, name, price_amount, price_currency, status, version, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now())
       ON CONFLICT (product_id) DO UPDATE SET
         sku = excluded.sku, name = excluded.name, price_amount = excluded.price_amount,
         price_currency = excluded.price_currency, status = excluded.status,
         version = excluded.version, updated_at = excluded.updated_at
       WHERE excluded.version > product_prices.version
       RETURNING product_id`,
      [
        state.productId,
        state.sku,
        state.name,
        state.price.amount,
        state.price.currency,
        state.status,
        state.productVersion,
      ],
    );
    return rows.length > 0;
  }

  /**
   * Marks a product archived, keeping its last name and price for the carts that hold it.
   * @returns whether the event was newer than what the projection holds.
   */
  async archive(
    manager: EntityManager,
    product: { productId: string; sku: string; productVersion: number },
  ): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO product_prices (product_id, sku, status, version, updated_at)
       VALUES ($1, $2, 'archived', $3, now())
       ON CONFLICT (product_id) DO UPDATE SET
         sku = excluded.sku, status = 'archived', version = excluded.version,
         updated_at = excluded.updated_at
       WHERE excluded.version > product_prices.version
       RETURNING product_id`,
      [product.productId, product.sku, product.productVersion],
    );
    return rows.length > 0;
  }

  /**
   * The products of these SKUs that the projection can price. A SKU that moved from an archived
   * product to a new one resolves to the active product.
   */
  /**
   * @param manager the transaction to read in, when there is one: a read on another pooled
   *   connection while the transaction holds its own deadlocks the pool once every connection
   *   belongs to a transaction waiting for a second one (a burst of checkouts).
   */
  async findBySkus(
    skus: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, ProductPrice>> {
    if (skus.length === 0) return new Map();
    const rows: PriceRow[] = await manager.query(
      `SELECT DISTINCT ON (sku) product_id, sku, name, price_amount, price_currency, status
         FROM product_prices
        WHERE sku = ANY($1::text[]) AND price_amount IS NOT NULL
        ORDER BY sku, (status = 'active') DESC, updated_at DESC`,
      [skus],
    );
    return new Map(rows.map((row) => [row.sku, toProductPrice(row)]));
  }
}

function toProductPrice(row: PriceRow): ProductPrice {
  return {
    productId: row.product_id,
    sku: row.sku,
    name: row.name ?? row.sku,
    price: { amount: Number(row.price_amount), currency: row.price_currency ?? '' },
    available: row.status === 'active',
  };
}
