import { Controller, Get, Headers, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  orderListQuerySchema,
  uuidSchema,
  type OrderListQuery,
  type OrderPage,
  type OrderResponse,
} from '@shop/contracts';
import {
  CurrentUser,
  ZodBody,
  ZodParam,
  ZodQuery,
  type AuthenticatedUser,
} from '@shop/platform-http';
import { customerIdOf } from '../../customers/customer-id.js';
import { CheckoutService } from '../application/checkout.service.js';
import { toOrderResponse } from '../application/order-view.js';
import { OrdersService } from '../application/orders.service.js';
import { parseIdempotencyKey } from '../domain/idempotency.js';
import { checkoutRequestSchema, type CheckoutRequest } from './checkout.schema.js';

/** The signed-in customer's orders. */
@ApiTags('orders')
@Controller('orders')
export class OrdersHttpController {
  constructor(
    @Inject(CheckoutService) private readonly checkouts: CheckoutService,
    @Inject(OrdersService) private readonly orders: OrdersService,
  ) {}

  /**
   * Checks the cart out. 202: the order is PENDING until the saga decides; follow it at
   * `Location` or its `/events` stream. A repeated key with the same body gets the same answer.
   */
  @Post()
  @HttpCode(202)
  @ApiHeader({
    name: 'Idempotency-Key',
    required: true,
    description: 'UUID or 8-64 of A-Za-z0-9._~-',
  })
  async checkout(
    @CurrentUser() user: AuthenticatedUser,
    @Headers('idempotency-key') key: string | undefined,
    @ZodBody(checkoutRequestSchema) body: CheckoutRequest,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OrderResponse> {
    const result = await this.checkouts.checkout({
      customerId: customerIdOf(user),
      idempotencyKey: parseIdempotencyKey(key),
      body,
      requestId: request.id,
    });
    void reply.header('location', `/orders/${result.orderId}`);
    if (result.replayed) void reply.header('idempotent-replayed', 'true');
    return result.body;
  }

  @Get()
  list(
    @CurrentUser() user: AuthenticatedUser,
    @ZodQuery(orderListQuerySchema) query: OrderListQuery,
  ): Promise<OrderPage> {
    return this.orders.list(customerIdOf(user), query);
  }

  @Get(':id')
  async get(
    @CurrentUser() user: AuthenticatedUser,
    @ZodParam('id', uuidSchema) id: string,
  ): Promise<OrderResponse> {
    return toOrderResponse(await this.orders.get(customerIdOf(user), id));
  }

  /** Cancels a PENDING or CONFIRMED order (409 `ORDER.INVALID_TRANSITION` otherwise). */
  @Post(':id/cancel')
  @HttpCode(200)
  async cancel(
    @CurrentUser() user: AuthenticatedUser,
    @ZodParam('id', uuidSchema) id: string,
    @Req() request: FastifyRequest,
  ): Promise<OrderResponse> {
    return toOrderResponse(await this.orders.cancel(customerIdOf(user), id, request.id));
  }
}
