/**
 * A SKU's inventory ledger, read back through the admin API and held against its stock row:
 * one movement per stock version with none missing or doubled, and the movements' deltas adding
 * up to the row. So every change of the stock was recorded once, and nothing changed it without
 * a record (a reservation or commit applied twice would show as a movement too many).
 */
import { MAX_PAGE_SIZE } from '@shop/contracts';
import { expectStatus } from '@shop/launcher/http';
import type { Shopper, Stock } from '@shop/launcher/shopper';

type Levels = Pick<Stock, 'available' | 'reserved' | 'committed'>;

export interface Movement {
  version: number;
  kind: string;
  delta: Levels;
  after: Levels;
}

/** Bounds the read: a suite's SKU has a few hundred movements at most. */
const MAX_PAGES = 100;

export async function ledgerOf(admin: Shopper, sku: string): Promise<Movement[]> {
  const movements: Movement[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const query = new URLSearchParams({ limit: String(MAX_PAGE_SIZE) });
    if (cursor) query.set('cursor', cursor);
    const answer = await admin.request<{ items: Movement[]; nextCursor: string | null }>(
      `/admin/stock/${encodeURIComponent(sku)}/movements?${query.toString()}`,
    );
    const body = expectStatus(answer, `the ledger of ${sku}`, 200);
    movements.push(...body.items);
    cursor = body.nextCursor;
    if (!cursor) return movements;
  }
  throw new Error(`the ledger of ${sku} is longer than ${MAX_PAGES} pages`);
}

/** Throws, naming what differs, unless the ledger accounts for `stock` exactly. */
export function checkLedger(stock: Stock, movements: Movement[]): void {
  const versions = movements.map((movement) => movement.version).sort((a, b) => a - b);
  versions.forEach((version, index) => {
    if (version !== index + 1) {
      throw new Error(`${stock.sku}: ledger versions ${versions.join(',')} are not 1..n`);
    }
  });
  const sum: Levels = { available: 0, reserved: 0, committed: 0 };
  for (const { delta } of movements) {
    sum.available += delta.available;
    sum.reserved += delta.reserved;
    sum.committed += delta.committed;
  }
  const row = { available: stock.available, reserved: stock.reserved, committed: stock.committed };
  if (JSON.stringify(sum) !== JSON.stringify(row)) {
    throw new Error(
      `${stock.sku}: the ledger adds up to ${JSON.stringify(sum)}, the row is ${JSON.stringify(row)}`,
    );
  }
}
