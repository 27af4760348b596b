import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  adminOrderSearchQuerySchema,
  type AdminOrderSearchQuery,
  type OrderPage,
} from '@shop/contracts';
import { Roles, ZodQuery } from '@shop/platform-http';
import { OrdersService } from '../application/orders.service.js';

/** Every customer's orders, for the back office. */
@ApiTags('admin')
@Controller('admin/orders')
@Roles('admin')
export class AdminOrdersHttpController {
  constructor(@Inject(OrdersService) private readonly orders: OrdersService) {}

  /** By status, customer and creation time (`from` inclusive, `to` exclusive), newest first. */
  @Get()
  search(@ZodQuery(adminOrderSearchQuerySchema) query: AdminOrderSearchQuery): Promise<OrderPage> {
    return this.orders.search(query);
  }
}
