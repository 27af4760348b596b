import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { StockReleased, StockReservationFailed, StockReserved } from '@shop/contracts';
import { SagaService } from '../application/saga.service.js';

/** Inventory's answers to `order.placed` (`inventory.stock.v1`), into the saga. */
@Controller()
export class StockEventsController {
  constructor(@Inject(SagaService) private readonly saga: SagaService) {}

  @EventPattern('stock.reserved')
  onReserved(@Payload() event: StockReserved): Promise<void> {
    return this.saga.onStockReserved(event);
  }

  @EventPattern('stock.reservation-failed')
  onReservationFailed(@Payload() event: StockReservationFailed): Promise<void> {
    return this.saga.onReservationFailed(event);
  }

  @EventPattern('stock.released')
  onReleased(@Payload() event: StockReleased): Promise<void> {
    return this.saga.onStockReleased(event);
  }
}
