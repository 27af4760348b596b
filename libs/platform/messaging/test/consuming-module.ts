import { Controller, Module } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';

@Controller()
class NoopEventsController {
  @EventPattern('order.placed')
  async onOrderPlaced(_event: unknown): Promise<void> {}
}

/** A service module whose only work is consuming `order.placed`: for bootstrap and group tests. */
@Module({ controllers: [NoopEventsController] })
export class ConsumingModule {}
