/**
 * What must hold after any fault, read from the stores and the broker themselves rather than from
 * what the clients saw (a client that gave up may still have placed an order):
 * every order ended, every unit of stock accounted for, every event delivered and consumed.
 */
import type { Admin } from 'kafkajs';
import pg from 'pg';
import { waitFor } from '@shop/testing';
import type { Shopper, Stock } from '@shop/launcher/shopper';
import { checkLedger, ledgerOf } from './ledger.ts';
import type { Subscription } from './poison.ts';

const SETTLE = { timeoutMs: 180_000, intervalMs: 500 };

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Waits until no order is PENDING: each one was confirmed, rejected or cancelled. */
export async function everyOrderEnded(orderDb: string): Promise<Record<string, number>> {
  const byStatus = async () =>
    Object.fromEntries(
      (
        await query<{ status: string; n: string }>(
          orderDb,
          'SELECT status, count(*) AS n FROM orders GROUP BY status',
        )
      ).map((row) => [row.status, Number(row.n)]),
    );
  await waitFor(async () => ((await byStatus()).PENDING ?? 0) === 0, {
    what: 'every order to leave PENDING',
    ...SETTLE,
  });
  return byStatus();
}

/** Units of each SKU in CONFIRMED orders. */
export async function confirmedUnits(orderDb: string): Promise<Map<string, number>> {
  const rows = await query<{ sku: string; units: string }>(
    orderDb,
    `SELECT l.sku, sum(l.quantity) AS units FROM order_lines l
       JOIN orders o ON o.id = l.order_id WHERE o.status = 'CONFIRMED' GROUP BY l.sku`,
  );
  return new Map(rows.map((row) => [row.sku, Number(row.units)]));
}

/** Waits until the outbox of each database is empty: Kafka acknowledged every event. */
export async function outboxesEmpty(databases: string[]): Promise<void> {
  for (const url of databases) {
    await waitFor(
      async () =>
        Number((await query<{ n: string }>(url, 'SELECT count(*) AS n FROM outbox'))[0]?.n) === 0,
      { what: 'the outbox to empty', ...SETTLE },
    );
  }
}

/** Waits until every consumer group has consumed its topics to the end. */
export async function lagIsZero(admin: Admin, subscriptions: Subscription[]): Promise<void> {
  for (const { topic, group } of subscriptions) {
    await waitFor(async () => (await lag(admin, topic, group)) === 0, {
      what: `${group} to consume ${topic} to the end`,
      ...SETTLE,
    });
  }
}

/**
 * Waits until every consumer group is stable with exactly one member: the one process of its
 * service, holding every partition (after a restart, no member of the old process is left).
 */
export async function oneMemberPerGroup(
  admin: Admin,
  subscriptions: Subscription[],
): Promise<void> {
  const groupIds = [...new Set(subscriptions.map((s) => s.group))];
  await waitFor(
    async () => {
      const { groups } = await admin.describeGroups(groupIds);
      return groups.every((group) => group.state === 'Stable' && group.members.length === 1);
    },
    { what: `${groupIds.join(', ')} to be stable with one member each`, ...SETTLE },
  );
}

async function lag(admin: Admin, topic: string, group: string): Promise<number> {
  const ends = await admin.fetchTopicOffsets(topic);
  const [committed] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
  let total = 0;
  for (const end of ends) {
    const at = committed?.partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
    // -1: nothing committed; only a partition that never held a message is then caught up.
    total += Number(end.offset) - Math.max(Number(at), Number(end.low));
  }
  return total;
}

/**
 * Every SKU's stock once nothing is held: nothing reserved, what was stocked is available or
 * committed, what is committed is exactly what CONFIRMED orders hold (no order confirmed
 * without its stock, no reservation or commit applied twice), and the ledger accounts for the
 * row movement by movement (`checkLedger`).
 */
export async function stockConserved(
  admin: Shopper,
  stocked: Map<string, number>,
  confirmed: Map<string, number>,
): Promise<Stock[]> {
  const stocks: Stock[] = [];
  for (const [sku, units] of stocked) {
    const stock = await admin.stockUntil(sku, (s) => s.reserved === 0);
    stocks.push(stock);
    if (stock.available + stock.committed !== units) {
      throw new Error(`${sku}: stocked ${units}, now ${JSON.stringify(stock)}`);
    }
    if (stock.committed !== (confirmed.get(sku) ?? 0)) {
      throw new Error(
        `${sku}: ${stock.committed} committed, ${confirmed.get(sku) ?? 0} in CONFIRMED orders`,
      );
    }
    checkLedger(stock, await ledgerOf(admin, sku));
  }
  return stocks;
}
