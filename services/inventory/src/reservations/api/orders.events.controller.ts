import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { OrderCancelled, OrderConfirmed, OrderPlaced } from '@shop/contracts';
import { EventInbox } from '../../events/event-inbox.js';
import { ReservationsService } from '../application/reservations.service.js';

/** The order service's side of the checkout saga. */
@Controller()
export class OrdersEventsController {
  constructor(
    private readonly reservations: ReservationsService,
    private readonly inbox: EventInbox,
  ) {}

  @EventPattern('order.placed')
  async onOrderPlaced(@Payload() event: OrderPlaced): Promise<void> {
    await this.inbox.handle(event, () => this.reservations.place(event));
  }

  @EventPattern('order.confirmed')
  async onOrderConfirmed(@Payload() event: OrderConfirmed): Promise<void> {
    await this.inbox.handle(event, () => this.reservations.confirm(event));
  }

  @EventPattern('order.cancelled')
  async onOrderCancelled(@Payload() event: OrderCancelled): Promise<void> {
    await this.inbox.handle(event, () => this.reservations.cancel(event));
  }
}
