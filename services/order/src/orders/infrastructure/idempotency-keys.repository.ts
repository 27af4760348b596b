import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { IdempotencyKeyReusedError } from '../domain/idempotency.errors.js';

/** The answer a checkout gave, kept to be given again for the same key and request. */
export interface StoredResponse {
  orderId: string;
  status: number;
  /** The JSON body, as first sent. */
  body: string;
}

export type KeyClaim = { kind: 'claimed' } | { kind: 'replay'; response: StoredResponse };

interface KeyRow {
  request_hash: string;
  order_id: string | null;
  response_status: number | null;
  response_body: string | null;
}

/**
 * Idempotency keys in Postgres, per customer. Claiming inserts the key in the caller's
 * transaction, which is also the one that creates the order: a concurrent request with the same
 * key waits on the primary key until that transaction ends, then finds the committed answer (or,
 * if it rolled back, claims the key itself).
 */
@Injectable()
export class IdempotencyKeysRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** @throws IdempotencyKeyReusedError when the key was used with another request. */
  async claim(
    manager: EntityManager,
    customerId: string,
    key: string,
    requestHash: string,
  ): Promise<KeyClaim> {
    // Twice at most: a key deleted by the clean-up between the two statements is claimed anew.
    for (let attempt = 0; attempt < 2; attempt++) {
      const inserted: unknown[] = await manager.query(
        `INSERT INTO idempotency_keys (customer_id, key, request_hash) VALUES ($1, $2, $3)
         ON CONFLICT (customer_id, key) DO NOTHING RETURNING key`,
        [customerId, key, requestHash],
      );
      if (inserted.length > 0) return { kind: 'claimed' };
      // READ COMMITTED: this statement sees the row the conflicting transaction committed.
      const rows: KeyRow[] = await manager.query(
        `SELECT request_hash, order_id, response_status, response_body
           FROM idempotency_keys WHERE customer_id = $1 AND key = $2`,
        [customerId, key],
      );
      const row = rows[0];
      if (!row) continue;
      if (row.request_hash !== requestHash) throw new IdempotencyKeyReusedError();
      if (row.order_id === null || row.response_status === null || row.response_body === null) {
        throw new Error(`idempotency key ${key} was committed without its response`);
      }
      return {
        kind: 'replay',
        response: { orderId: row.order_id, status: row.response_status, body: row.response_body },
      };
    }
    throw new Error(`idempotency key ${key} could not be claimed`);
  }

  /** Records the answer, in the transaction that claimed the key. */
  async complete(
    manager: EntityManager,
    customerId: string,
    key: string,
    response: StoredResponse,
  ): Promise<void> {
    await manager.query(
      `UPDATE idempotency_keys SET order_id = $3, response_status = $4, response_body = $5
        WHERE customer_id = $1 AND key = $2`,
      [customerId, key, response.orderId, response.status, response.body],
    );
  }

  /** Deletes up to `limit` keys created before `before`. @returns how many. */
  async deleteOlderThan(before: Date, limit: number): Promise<number> {
    const rows: unknown[] = await this.dataSource.query(
      `WITH expired AS (
         DELETE FROM idempotency_keys WHERE ctid = ANY (ARRAY(
           SELECT ctid FROM idempotency_keys WHERE created_at < $1 LIMIT $2))
         RETURNING 1)
       SELECT 1 FROM expired`,
      [before, limit],
    );
    return rows.length;
  }
}
