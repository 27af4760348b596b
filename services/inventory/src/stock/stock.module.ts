import { Injectable, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { CassandraSession } from '../database/cassandra.session.js';
import { EventPublication } from '../events/event-publication.service.js';
import { AvailabilityHttpController } from './api/availability.http.controller.js';
import { ProductsEventsController } from './api/products.events.controller.js';
import { StockAdminHttpController } from './api/stock-admin.http.controller.js';
import { StockService } from './application/stock.service.js';
import { StockWriter, defaultStockWriterOptions } from './application/stock-writer.service.js';
import { LedgerRepository } from './infrastructure/ledger.repository.js';
import { StockRepository } from './infrastructure/stock.repository.js';

/** Lets the relay find the events stored on stock rows. */
@Injectable()
class StockEventsSource implements OnModuleInit {
  constructor(
    private readonly publication: EventPublication,
    private readonly stock: StockRepository,
  ) {}

  onModuleInit(): void {
    this.publication.register(this.stock);
  }
}

/** Stock levels, holds and the ledger; admin corrections; the storefront's availability. */
@Module({
  controllers: [AvailabilityHttpController, StockAdminHttpController, ProductsEventsController],
  providers: [
    {
      provide: StockRepository,
      inject: [CassandraSession],
      useFactory: (session: CassandraSession) => new StockRepository(session),
    },
    {
      provide: LedgerRepository,
      inject: [CassandraSession],
      useFactory: (session: CassandraSession) => new LedgerRepository(session),
    },
    {
      provide: StockWriter,
      inject: [StockRepository, LedgerRepository],
      useFactory: (stock: StockRepository, ledger: LedgerRepository) => {
        const logger = new Logger('StockWriter');
        return new StockWriter(stock, ledger, defaultStockWriterOptions, (error) =>
          logger.warn({
            message: 'projecting a movement failed; the next change retries',
            error: String(error),
          }),
        );
      },
    },
    {
      provide: StockService,
      inject: [StockRepository, LedgerRepository, StockWriter, EventPublication],
      useFactory: (
        stock: StockRepository,
        ledger: LedgerRepository,
        writer: StockWriter,
        publication: EventPublication,
      ) => {
        const logger = new Logger('StockService');
        return new StockService(stock, ledger, writer, publication, (error) =>
          logger.warn({
            message: 'publishing stock.adjusted failed; the relay retries',
            error: String(error),
          }),
        );
      },
    },
    StockEventsSource,
  ],
  exports: [StockRepository, StockWriter],
})
export class StockModule {}
