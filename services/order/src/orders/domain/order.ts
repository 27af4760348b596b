import {
  MAX_LINE_QUANTITY,
  MAX_LINES,
  type CancellationReason,
  type Money,
  type OrderStatus,
  type ShortLine,
} from '@shop/contracts';
import { sumOfLines } from './money.js';
import { InvalidOrderLinesError, InvalidTransitionError } from './order.errors.js';
import { canTransition, isTerminal } from './order-status.js';

/** A line as ordered: the unit price is the one the customer agreed to, fixed at checkout. */
export interface OrderLine {
  sku: string;
  /** The product's name at checkout, for people; prices never depend on it. */
  name?: string;
  quantity: number;
  unitPrice: Money;
}

/** A line as inventory reports it: what is held, without prices. */
export interface StockLine {
  sku: string;
  quantity: number;
}

export type RejectionReason = 'insufficient-stock' | 'product-unavailable';

export interface OrderState {
  id: string;
  customerId: string;
  status: OrderStatus;
  /** Why a rejected or cancelled order ended as it did (`insufficient-stock`, `saga-timeout`). */
  statusReason?: string;
  lines: readonly OrderLine[];
  total: Money;
  reservationId?: string;
  paymentId?: string;
  /** Shared by every event of this order's saga. */
  correlationId: string;
  createdAt: Date;
  updatedAt: Date;
  /** 1 when placed, raised by one on every status change: status notifications are ordered by it. */
  version: number;
}

/** What happened to an order, as the events it publishes will tell. */
export type OrderChange =
  | { type: 'placed'; at: Date }
  | { type: 'confirmed'; at: Date; reservationId: string; paymentId: string }
  | { type: 'rejected'; at: Date; reason: RejectionReason; shortLines?: ShortLine[] }
  | {
      type: 'cancelled';
      at: Date;
      reason: CancellationReason;
      previousStatus: 'PENDING' | 'CONFIRMED';
      reservationId?: string;
    };

export interface PlaceOrder {
  id: string;
  customerId: string;
  lines: readonly OrderLine[];
  /** The saga's correlation id; the order id when none is given. */
  correlationId?: string;
  /**
   * The id inventory is asked to give its hold. Chosen here, so that a `stock.reserved` naming
   * another one is recognised as not inventory's answer to this order.
   */
  reservationId?: string;
  now: Date;
}

/**
 * The order aggregate. Its total is always the sum of its lines, and its status changes only as
 * the state machine of `order-status.ts` allows; each change is recorded for the outbox.
 */
export class Order {
  private changes: OrderChange[] = [];

  private constructor(private current: OrderState) {}

  /** A new PENDING order. Its total is computed here, never taken from outside. */
  static place(input: PlaceOrder): Order {
    checkLines(input.lines);
    const order = new Order({
      id: input.id,
      customerId: input.customerId,
      status: 'PENDING',
      lines: input.lines.map((line) => ({ ...line, unitPrice: { ...line.unitPrice } })),
      total: sumOfLines(input.lines),
      correlationId: input.correlationId ?? input.id,
      reservationId: input.reservationId,
      createdAt: input.now,
      updatedAt: input.now,
      version: 1,
    });
    order.changes.push({ type: 'placed', at: input.now });
    return order;
  }

  /** An order as it was stored. */
  static restore(state: OrderState): Order {
    return new Order(state);
  }

  get state(): Readonly<OrderState> {
    return this.current;
  }

  get id(): string {
    return this.current.id;
  }

  get status(): OrderStatus {
    return this.current.status;
  }

  get isTerminal(): boolean {
    return isTerminal(this.current.status);
  }

  canBecome(status: OrderStatus): boolean {
    return canTransition(this.current.status, status);
  }

  /**
   * Whether an inventory event about `reservationId` concerns this order's hold: an order that
   * recorded a reservation ignores events about any other (an older, stale one).
   */
  holdsReservation(reservationId: string): boolean {
    return this.current.reservationId === undefined || this.current.reservationId === reservationId;
  }

  /**
   * Why a hold inventory reports (`stock.reserved`) is not this order's, or undefined when it is:
   * it must name the reservation the order asked for (when it asked for one) and exactly the
   * order's lines, SKU and quantity. Inventory holds all of an order or none of it, so anything
   * else did not come from inventory's handling of this order.
   */
  mismatchOfHold(reservationId: string, lines: readonly StockLine[]): string | undefined {
    // Never the id the order asked for: this text goes to logs and dead-letter headers, and the
    // id is what a forger would need.
    if (!this.holdsReservation(reservationId)) {
      return `names reservation ${reservationId}, not the one the order asked for`;
    }
    const expected = lineKey(this.current.lines);
    const reported = lineKey(lines);
    return expected === reported ? undefined : `holds ${reported}, the order is ${expected}`;
  }

  /** Stock is held and the payment authorized. */
  confirm(reservationId: string, paymentId: string, now: Date): void {
    this.transition('CONFIRMED', now);
    this.current = { ...this.current, reservationId, paymentId };
    this.changes.push({ type: 'confirmed', at: now, reservationId, paymentId });
  }

  /** The order never got going: nothing is held, nothing to undo. */
  reject(reason: RejectionReason, now: Date, shortLines?: ShortLine[]): void {
    this.transition('REJECTED', now, reason);
    this.changes.push({ type: 'rejected', at: now, reason, shortLines });
  }

  /**
   * Calls the order off. `reservationId` is the hold the cancellation is about, when the caller
   * learned of one that the order has not recorded yet (a declined payment).
   */
  cancel(reason: CancellationReason, now: Date, reservationId?: string): void {
    // The transition below lets only these two through.
    const previousStatus = this.current.status as 'PENDING' | 'CONFIRMED';
    this.transition('CANCELLED', now, reason);
    this.current = { ...this.current, reservationId: this.current.reservationId ?? reservationId };
    this.changes.push({
      type: 'cancelled',
      at: now,
      reason,
      previousStatus,
      reservationId: this.current.reservationId,
    });
  }

  /** The changes since the last call, oldest first, for the outbox. */
  pullChanges(): OrderChange[] {
    const changes = this.changes;
    this.changes = [];
    return changes;
  }

  private transition(to: OrderStatus, now: Date, reason?: string): void {
    if (!canTransition(this.current.status, to)) {
      throw new InvalidTransitionError(this.current.id, this.current.status, to);
    }
    this.current = {
      ...this.current,
      status: to,
      statusReason: reason,
      updatedAt: now,
      version: this.current.version + 1,
    };
  }
}

/** Lines as one comparable text, in SKU order: `MUG-BLUE×2,TEE-M-01×1`. */
function lineKey(lines: readonly StockLine[]): string {
  return [...lines]
    .sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0))
    .map((line) => `${line.sku}×${line.quantity}`)
    .join(',');
}

/** The rules of any order (a cart's are stricter, see `carts/domain/cart.ts`). */
function checkLines(lines: readonly OrderLine[]): void {
  if (lines.length === 0) throw new InvalidOrderLinesError('an order has at least one line');
  if (lines.length > MAX_LINES) {
    throw new InvalidOrderLinesError(`an order has at most ${MAX_LINES} lines`);
  }
  if (new Set(lines.map((line) => line.sku)).size !== lines.length) {
    throw new InvalidOrderLinesError('an order has at most one line per SKU');
  }
  for (const line of lines) {
    if (
      !Number.isInteger(line.quantity) ||
      line.quantity < 1 ||
      line.quantity > MAX_LINE_QUANTITY
    ) {
      throw new InvalidOrderLinesError(`${line.sku}: quantity must be 1 to ${MAX_LINE_QUANTITY}`);
    }
    if (!Number.isSafeInteger(line.unitPrice.amount) || line.unitPrice.amount < 0) {
      throw new InvalidOrderLinesError(`${line.sku}: a unit price is a non-negative integer`);
    }
  }
}
