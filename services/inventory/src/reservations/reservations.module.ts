import {
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { PeriodicTask } from '../background/periodic-task.js';
import { ScanCursorRepository } from '../background/scan-cursor.repository.js';
import { INVENTORY_CONFIG, type InventoryConfig } from '../config/inventory.config.js';
import { CassandraSession } from '../database/cassandra.session.js';
import { EventPublication } from '../events/event-publication.service.js';
import { StockWriter } from '../stock/application/stock-writer.service.js';
import { StockRepository } from '../stock/infrastructure/stock.repository.js';
import { StockModule } from '../stock/stock.module.js';
import { OrdersEventsController } from './api/orders.events.controller.js';
import {
  defaultExpirySweeperOptions,
  ExpirySweeper,
} from './application/expiry-sweeper.service.js';
import { ReservationsService } from './application/reservations.service.js';
import { ExpiryIndexRepository } from './infrastructure/expiry-index.repository.js';
import { ReservationRepository } from './infrastructure/reservation.repository.js';

/** Runs the sweeper while the app is up; registers the reservations' events with the relay. */
@Injectable()
class ReservationsLifecycle implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly task: PeriodicTask;

  constructor(
    @Inject(INVENTORY_CONFIG) config: InventoryConfig,
    sweeper: ExpirySweeper,
    private readonly publication: EventPublication,
    private readonly reservations: ReservationRepository,
  ) {
    this.task = new PeriodicTask(
      'expiry sweeper',
      config.reservations.sweepIntervalMs,
      () => sweeper.run(),
      new Logger('ExpirySweeper'),
    );
  }

  onModuleInit(): void {
    this.publication.register(this.reservations);
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.task.stop();
  }
}

/** Reservations of orders: the saga's handlers and the expiry sweeper. */
@Module({
  imports: [StockModule],
  controllers: [OrdersEventsController],
  providers: [
    {
      provide: ReservationRepository,
      inject: [CassandraSession],
      useFactory: (session: CassandraSession) => new ReservationRepository(session),
    },
    {
      provide: ExpiryIndexRepository,
      inject: [CassandraSession],
      useFactory: (session: CassandraSession) => new ExpiryIndexRepository(session),
    },
    {
      provide: ReservationsService,
      inject: [
        ReservationRepository,
        ExpiryIndexRepository,
        StockWriter,
        StockRepository,
        EventPublication,
        INVENTORY_CONFIG,
      ],
      useFactory: (
        reservations: ReservationRepository,
        expiry: ExpiryIndexRepository,
        writer: StockWriter,
        stock: StockRepository,
        publication: EventPublication,
        config: InventoryConfig,
      ) =>
        new ReservationsService(
          reservations,
          expiry,
          writer,
          stock,
          publication,
          {
            ttlSeconds: config.reservations.ttlSeconds,
            killBeforePublish: config.faults.killBeforePublish,
          },
          new Logger('Reservations'),
        ),
    },
    {
      provide: ExpirySweeper,
      inject: [ExpiryIndexRepository, ReservationsService, ScanCursorRepository],
      useFactory: (
        index: ExpiryIndexRepository,
        reservations: ReservationsService,
        cursors: ScanCursorRepository,
      ) =>
        new ExpirySweeper(
          index,
          reservations,
          cursors,
          defaultExpirySweeperOptions,
          new Logger('ExpirySweeper'),
        ),
    },
    ReservationsLifecycle,
  ],
  exports: [ReservationsService, ExpirySweeper],
})
export class ReservationsModule {}
