import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { OrderStatus } from '@shop/contracts';
import { Outbox } from '@shop/platform-messaging';
import { Order, type OrderLine, type OrderState } from '../domain/order.js';
import { writeOrderEvents, type Cause } from './order-events.js';

interface OrderRow {
  id: string;
  customer_id: string;
  status: OrderStatus;
  status_reason: string | null;
  currency: string;
  total_amount: string;
  reservation_id: string | null;
  payment_id: string | null;
  correlation_id: string;
  version: number;
  created_at: Date;
  updated_at: Date;
}

interface LineRow {
  order_id: string;
  sku: string;
  name: string | null;
  quantity: number;
  unit_amount: string;
}

/** Where a page of orders starts: strictly after this (created_at, id), newest first. */
export interface PagePosition {
  createdAt: Date;
  id: string;
}

export interface OrderFilter {
  customerId?: string;
  status?: OrderStatus;
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
}

const COLUMNS = `id, customer_id, status, status_reason, currency, total_amount, reservation_id,
  payment_id, correlation_id, version, created_at, updated_at`;

/**
 * Orders in Postgres. Every write also writes the order's pending changes to the outbox, in the
 * caller's transaction; there is no way to change an order without its event.
 */
@Injectable()
export class OrdersRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(Outbox) private readonly outbox: Outbox,
  ) {}

  async insert(manager: EntityManager, order: Order, cause: Cause): Promise<void> {
    const s = order.state;
    await manager.query(
      `INSERT INTO orders (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        s.id,
        s.customerId,
        s.status,
        s.statusReason ?? null,
        s.total.currency,
        s.total.amount,
        s.reservationId ?? null,
        s.paymentId ?? null,
        s.correlationId,
        s.version,
        s.createdAt,
        s.updatedAt,
      ],
    );
    await manager.query(
      `INSERT INTO order_lines (order_id, position, sku, name, quantity, unit_amount)
       SELECT $1, line.position - 1, line.sku, line.name, line.quantity, line.unit_amount
         FROM unnest($2::text[], $3::text[], $4::int[], $5::bigint[])
              WITH ORDINALITY AS line (sku, name, quantity, unit_amount, position)`,
      [
        s.id,
        s.lines.map((line) => line.sku),
        s.lines.map((line) => line.name ?? null),
        s.lines.map((line) => line.quantity),
        s.lines.map((line) => line.unitPrice.amount),
      ],
    );
    await writeOrderEvents(this.outbox, manager, order, order.pullChanges(), cause);
  }

  /** Writes a status change (the lines never change) and its events. */
  async save(manager: EntityManager, order: Order, cause: Cause = {}): Promise<void> {
    const s = order.state;
    await manager.query(
      `UPDATE orders SET status = $2, status_reason = $3, reservation_id = $4, payment_id = $5,
              version = $6, updated_at = $7
        WHERE id = $1`,
      [
        s.id,
        s.status,
        s.statusReason ?? null,
        s.reservationId ?? null,
        s.paymentId ?? null,
        s.version,
        s.updatedAt,
      ],
    );
    await writeOrderEvents(this.outbox, manager, order, order.pullChanges(), cause);
  }

  /**
   * The order, locked until the transaction ends: every status change reads under this lock, so
   * a saga event, a cancellation and the timeout sweep cannot decide on the same order at once.
   * With `customerId`, another customer's order is not found.
   */
  async lock(manager: EntityManager, id: string, customerId?: string): Promise<Order | null> {
    const rows: OrderRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM orders WHERE id = $1 AND ($2::uuid IS NULL OR customer_id = $2)
       FOR UPDATE`,
      [id, customerId ?? null],
    );
    return (await this.withLines(manager, rows))[0] ?? null;
  }

  /**
   * Locks up to `limit` PENDING orders placed before `before`, skipping those another replica
   * (or a saga event) holds: replicas sweeping at once never claim the same order.
   */
  async claimOverdue(manager: EntityManager, before: Date, limit: number): Promise<Order[]> {
    const rows: OrderRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM orders
        WHERE status = 'PENDING' AND created_at < $1
        ORDER BY created_at
        LIMIT $2
        FOR UPDATE SKIP LOCKED`,
      [before, limit],
    );
    return this.withLines(manager, rows);
  }

  async find(id: string, customerId?: string): Promise<Order | null> {
    const rows: OrderRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM orders WHERE id = $1 AND ($2::uuid IS NULL OR customer_id = $2)`,
      [id, customerId ?? null],
    );
    return (await this.withLines(this.dataSource.manager, rows))[0] ?? null;
  }

  /** Newest first, `limit` orders after `after`, keyset-paged on (created_at, id). */
  async page(
    filter: OrderFilter,
    after: PagePosition | undefined,
    limit: number,
  ): Promise<Order[]> {
    const rows: OrderRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM orders
        WHERE ($1::uuid IS NULL OR customer_id = $1)
          AND ($2::text IS NULL OR status = $2)
          AND ($3::timestamptz IS NULL OR created_at >= $3)
          AND ($4::timestamptz IS NULL OR created_at < $4)
          AND ($5::timestamptz IS NULL OR (created_at, id) < ($5, $6::uuid))
        ORDER BY created_at DESC, id DESC
        LIMIT $7`,
      [
        filter.customerId ?? null,
        filter.status ?? null,
        filter.from ?? null,
        filter.to ?? null,
        after?.createdAt ?? null,
        after?.id ?? null,
        limit,
      ],
    );
    return this.withLines(this.dataSource.manager, rows);
  }

  private async withLines(manager: EntityManager, rows: OrderRow[]): Promise<Order[]> {
    if (rows.length === 0) return [];
    const lines: LineRow[] = await manager.query(
      `SELECT order_id, sku, name, quantity, unit_amount FROM order_lines
        WHERE order_id = ANY($1::uuid[]) ORDER BY order_id, position`,
      [rows.map((row) => row.id)],
    );
    const byOrder = new Map<string, LineRow[]>();
    for (const line of lines) {
      const group = byOrder.get(line.order_id);
      if (group) group.push(line);
      else byOrder.set(line.order_id, [line]);
    }
    return rows.map((row) => Order.restore(toState(row, byOrder.get(row.id) ?? [])));
  }
}

function toState(row: OrderRow, lines: LineRow[]): OrderState {
  const currency = row.currency;
  return {
    id: row.id,
    customerId: row.customer_id,
    status: row.status,
    statusReason: row.status_reason ?? undefined,
    lines: lines.map((line): OrderLine => ({
      sku: line.sku,
      name: line.name ?? undefined,
      quantity: line.quantity,
      unitPrice: { amount: Number(line.unit_amount), currency },
    })),
    total: { amount: Number(row.total_amount), currency },
    reservationId: row.reservation_id ?? undefined,
    paymentId: row.payment_id ?? undefined,
    correlationId: row.correlation_id,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
