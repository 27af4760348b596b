import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestKeyspace, devstackEnv, type TestKeyspace } from '@shop/testing';
import { CassandraSession } from '../src/database/cassandra.session.js';
import type { CasResult } from '../src/database/lwt.js';
import type { PendingEvent } from '../src/events/pending-event.js';
import { StockWriter } from '../src/stock/application/stock-writer.service.js';
import { setAvailable } from '../src/stock/domain/stock.entity.js';
import { StockWriteUnresolvedError } from '../src/stock/domain/stock.errors.js';
import { LedgerRepository } from '../src/stock/infrastructure/ledger.repository.js';
import { StockRepository } from '../src/stock/infrastructure/stock.repository.js';

type Fault =
  /** The write is applied, but the caller hears a timeout. */
  | 'timeout-after-write'
  /** The write never reaches Paxos; the caller hears a timeout. */
  | 'timeout-before-write'
  /** Applied, then someone else changes the row before anyone can look. */
  | 'timeout-after-write-then-moved'
  | 'none';

/** The real repository, with a timeout injected into the next compare-and-set. */
class FaultyStock extends StockRepository {
  fault: Fault = 'none';
  writes = 0;
  failSerialReads = false;
  afterWrite: () => Promise<void> = async () => undefined;

  override async writeHold(...args: Parameters<StockRepository['writeHold']>): Promise<CasResult> {
    this.writes++;
    return this.inject(() => super.writeHold(...args));
  }

  override async writeLevel(
    ...args: Parameters<StockRepository['writeLevel']>
  ): Promise<CasResult> {
    this.writes++;
    return this.inject(() => super.writeLevel(...args));
  }

  override async find(sku: string, options: { serial?: boolean } = {}) {
    if (options.serial && this.failSerialReads) throw new Error('SERIAL read timed out');
    return super.find(sku, options);
  }

  override async findHold(sku: string, holdId: string, options: { serial?: boolean } = {}) {
    if (options.serial && this.failSerialReads) throw new Error('SERIAL read timed out');
    return super.findHold(sku, holdId, options);
  }

  private async inject(write: () => Promise<CasResult>): Promise<CasResult> {
    const fault = this.fault;
    this.fault = 'none';
    if (fault === 'none') return write();
    if (fault !== 'timeout-before-write') await write();
    if (fault === 'timeout-after-write-then-moved') await this.afterWrite();
    return 'unknown';
  }
}

describe('a compare-and-set that times out is resolved by a SERIAL read, not resent', () => {
  let keyspace: TestKeyspace;
  let session: CassandraSession;
  let stock: FaultyStock;
  let writer: StockWriter;
  let ledger: LedgerRepository;

  const noEvent = async (): Promise<PendingEvent> => ({ id: randomUUID(), json: '{}' });
  const stockUp = (sku: string, available: number) =>
    writer.changeLevel({
      sku,
      kind: 'set',
      change: (level) => setAvailable(level, available),
      event: noEvent,
      reference: 'test',
      reason: 'test',
    });

  beforeAll(async () => {
    keyspace = await createTestKeyspace('inventory_cas');
    const env = devstackEnv();
    session = await CassandraSession.open({
      contactPoints: env.CASSANDRA_CONTACT_POINTS.split(','),
      localDataCenter: env.CASSANDRA_LOCAL_DATACENTER,
      keyspace: keyspace.name,
      replicationFactor: 1,
    });
    stock = new FaultyStock(session);
    ledger = new LedgerRepository(session);
    writer = new StockWriter(stock, ledger);
  });

  afterAll(async () => {
    await session?.close();
    await keyspace?.drop();
  });

  async function reserve(sku: string, orderId = randomUUID()) {
    return writer.applyHold({
      sku,
      holdId: orderId,
      operation: 'reserve',
      quantity: 2,
      reason: 'test',
    });
  }

  it('a reserve that landed is not applied again', async () => {
    await stock.ensure('CAS-1');
    await stockUp('CAS-1', 10);
    stock.writes = 0;
    stock.fault = 'timeout-after-write';
    expect(await reserve('CAS-1')).toBe('applied');
    expect(stock.writes).toBe(1);
    expect((await stock.find('CAS-1'))?.level).toMatchObject({ available: 8, reserved: 2 });
  });

  it('a reserve that did not land is written again, once', async () => {
    await stock.ensure('CAS-2');
    await stockUp('CAS-2', 10);
    stock.writes = 0;
    stock.fault = 'timeout-before-write';
    expect(await reserve('CAS-2')).toBe('applied');
    expect(stock.writes).toBe(2);
    expect((await stock.find('CAS-2'))?.level).toMatchObject({ available: 8, reserved: 2 });
  });

  it('an admin change that landed is recognized by its version, even after the row moved on', async () => {
    await stock.ensure('CAS-3');
    // Another process reserves right after our timed-out write: the row is past our version.
    stock.afterWrite = async () => {
      await new StockWriter(new StockRepository(session), new LedgerRepository(session)).applyHold({
        sku: 'CAS-3',
        holdId: randomUUID(),
        operation: 'reserve',
        quantity: 1,
        reason: 'test',
      });
    };
    stock.writes = 0;
    stock.fault = 'timeout-after-write-then-moved';
    const result = await stockUp('CAS-3', 10);
    expect(result.level).toMatchObject({ available: 10, version: 1 });
    expect(stock.writes).toBe(1);
    expect((await stock.find('CAS-3'))?.level).toMatchObject({
      available: 9,
      reserved: 1,
      version: 2,
    });
  });

  it('gives up, unresolved, when the SERIAL read fails too', async () => {
    await stock.ensure('CAS-4');
    await stockUp('CAS-4', 10);
    stock.fault = 'timeout-before-write';
    stock.failSerialReads = true;
    try {
      await expect(reserve('CAS-4')).rejects.toThrow(StockWriteUnresolvedError);
    } finally {
      stock.failSerialReads = false;
    }
    // Retrying the whole operation later is safe: it is keyed by the order.
    expect((await stock.find('CAS-4'))?.level).toMatchObject({ available: 10, reserved: 0 });
  });
});
