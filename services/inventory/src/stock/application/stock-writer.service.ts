import { setTimeout as sleep } from 'node:timers/promises';
import { v7 as uuidv7 } from 'uuid';
import { metrics } from '@shop/platform-telemetry';
import type { PendingEvent } from '../../events/pending-event.js';
import { movementOf, type Movement, type MovementKind } from '../domain/movement.entity.js';
import {
  decideHold,
  type HoldOperation,
  type StockDelta,
  type StockLevel,
} from '../domain/stock.entity.js';
import {
  SkuNotFoundError,
  StockContendedError,
  StockWriteUnresolvedError,
} from '../domain/stock.errors.js';
import type { LedgerRepository } from '../infrastructure/ledger.repository.js';
import type { StockRecord, StockRepository } from '../infrastructure/stock.repository.js';
import { KeyedQueue } from './keyed-queue.js';

export interface StockWriterOptions {
  /** Compare-and-set attempts before giving up on a hot SKU (each re-reads and re-decides). */
  maxAttempts: number;
  /** Upper bound of the random pause after the n-th lost race ("full jitter"). */
  backoffCapMs: (attempt: number) => number;
}

export const defaultStockWriterOptions: StockWriterOptions = {
  maxAttempts: 16,
  backoffCapMs: (attempt) => Math.min(100, 2 * 2 ** attempt),
};

/** What a hold operation did: changed the stock now, found it done before, or was fenced off. */
export type HoldResult = 'applied' | 'already' | 'refused';

export interface HoldRequest {
  sku: string;
  /** The order id. */
  holdId: string;
  operation: HoldOperation;
  quantity: number;
  reason: string;
}

export interface LevelChange {
  sku: string;
  kind: Extract<MovementKind, 'set' | 'adjust'>;
  /** The new level and what moved, or undefined when nothing changes. */
  change: (level: StockLevel) => { level: StockLevel; delta: StockDelta } | undefined;
  /** The event reporting the change, stored on the row with it (written before the row). */
  event: (next: StockLevel, delta: StockDelta) => Promise<PendingEvent>;
  reference: string;
  reason: string;
}

const casOutcomes = () =>
  metrics.counter(
    'inventory_stock_cas_total',
    'Compare-and-set writes of stock rows, by outcome (applied, lost a race, timed out).',
    ['outcome'],
  );

/**
 * Every change of a stock row goes through here: read, decide with the domain, compare-and-set
 * on the version. A lost race re-reads and decides again (bounded, with jittered pauses). A
 * compare-and-set that timed out is resolved by a SERIAL read of what it wrote; it is never
 * sent again blindly.
 */
export class StockWriter {
  private readonly queue = new KeyedQueue();

  constructor(
    private readonly stock: StockRepository,
    private readonly ledger: LedgerRepository,
    private readonly options: StockWriterOptions = defaultStockWriterOptions,
    private readonly onProjectionError: (error: unknown) => void = () => undefined,
  ) {}

  /** Applies one order's operation on one SKU, exactly once however often it is asked. */
  async applyHold(request: HoldRequest): Promise<HoldResult> {
    const { result, movement } = await this.queue.run(request.sku, () => this.writeHold(request));
    // Outside the queue: the next operation on the SKU need not wait for the ledger.
    if (movement) await this.projectOwn(movement);
    return result;
  }

  private async writeHold(
    request: HoldRequest,
  ): Promise<{ result: HoldResult; movement?: Movement }> {
    const { sku, holdId, operation, quantity, reason } = request;
    for (let attempt = 1; attempt <= this.options.maxAttempts; attempt++) {
      const snapshot = await this.stock.findWithHold(sku, holdId);
      if (!snapshot) throw new SkuNotFoundError(sku);
      const decision = decideHold(
        snapshot.record.level,
        holdId,
        snapshot.hold,
        operation,
        quantity,
      );
      if (decision.kind === 'already' || decision.kind === 'refused')
        return { result: decision.kind };
      if (decision.kind === 'fence') {
        // Lost or unknown: the next read shows the hold, whoever wrote it.
        const fenced = await this.stock.fenceHold(sku, holdId, decision.hold);
        if (fenced === 'applied') return { result: 'applied' };
        continue;
      }
      await this.projectBeforeChange(snapshot.record);
      const movement = movementOf(uuidv7(), decision.level, {
        kind: operation,
        delta: decision.delta,
        reference: holdId,
        reason,
        at: new Date(),
      });
      const result = await this.stock.writeHold(
        snapshot.record.level,
        decision.level,
        movement,
        holdId,
        decision.hold,
        snapshot.hold?.state,
      );
      casOutcomes().inc({ outcome: result });
      if (
        result === 'applied' ||
        (result === 'unknown' && (await this.holdLanded(request, decision.hold.state)))
      ) {
        return { result: 'applied', movement };
      }
      if (result === 'lost') await this.pause(attempt);
    }
    throw new StockContendedError(sku, this.options.maxAttempts);
  }

  /**
   * An admin change of the available units.
   * @returns the level after the change and its event, or the unchanged level.
   */
  async changeLevel(change: LevelChange): Promise<{ level: StockLevel; event?: PendingEvent }> {
    for (let attempt = 1; attempt <= this.options.maxAttempts; attempt++) {
      const record = await this.stock.find(change.sku);
      if (!record) throw new SkuNotFoundError(change.sku);
      const next = change.change(record.level);
      if (!next) return { level: record.level };
      await this.projectBeforeChange(record);
      const movement = movementOf(uuidv7(), next.level, {
        kind: change.kind,
        delta: next.delta,
        reference: change.reference,
        reason: change.reason,
        at: new Date(),
      });
      const event = await change.event(next.level, next.delta);
      const result = await this.stock.writeLevel(record.level, next.level, movement, event);
      casOutcomes().inc({ outcome: result });
      if (
        result === 'applied' ||
        (result === 'unknown' && (await this.levelLanded(record, movement)))
      ) {
        await this.projectOwn(movement);
        return { level: next.level, event };
      }
      if (result === 'lost') await this.pause(attempt);
    }
    throw new StockContendedError(change.sku, this.options.maxAttempts);
  }

  /** The ledger up to date with the row: its latest movement projected. */
  async syncLedger(sku: string): Promise<StockRecord | undefined> {
    const record = await this.stock.find(sku);
    if (record) await this.projectBeforeChange(record);
    return record;
  }

  /** Did the hold reach the state our timed-out write set? A SERIAL read settles it. */
  private async holdLanded(request: HoldRequest, target: string): Promise<boolean> {
    try {
      const hold = await this.stock.findHold(request.sku, request.holdId, { serial: true });
      return hold?.state === target;
    } catch (error) {
      throw new StockWriteUnresolvedError(request.sku, error);
    }
  }

  /**
   * Did our version land? A SERIAL read shows the row as it is for good. If it moved past our
   * version, whoever moved it wrote the movement of our version to the ledger first.
   */
  private async levelLanded(before: StockRecord, movement: Movement): Promise<boolean> {
    try {
      const now = await this.stock.find(movement.sku, { serial: true });
      if (!now) return false;
      if (now.lastMovement?.id === movement.id) return true;
      if (now.level.version <= before.level.version) return false;
      return (
        (await this.ledger.movementIdAt(movement.sku, movement.at, movement.version)) ===
        movement.id
      );
    } catch (error) {
      throw new StockWriteUnresolvedError(movement.sku, error);
    }
  }

  /** Must succeed before the row moves on: it is what keeps the ledger complete. */
  private async projectBeforeChange(record: StockRecord): Promise<void> {
    if (record.lastMovement) await this.ledger.project(record.lastMovement);
  }

  /** Best effort: if it fails, the next change of the SKU (or a ledger read) writes it. */
  private async projectOwn(movement: Movement): Promise<void> {
    try {
      await this.ledger.project(movement);
    } catch (error) {
      this.onProjectionError(error);
    }
  }

  private async pause(attempt: number): Promise<void> {
    await sleep(Math.random() * this.options.backoffCapMs(attempt));
  }
}
