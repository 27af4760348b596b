import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { uuidSchema } from '@shop/contracts';
import { CurrentUser, HealthRegistry, ZodParam, type AuthenticatedUser } from '@shop/platform-http';
import { customerIdOf } from '../../customers/customer-id.js';
import { OrderStatusFeeds } from '../application/order-status-feeds.service.js';
import { writeStatusStream } from './order-status.sse.js';

const HEARTBEAT_MS = 15_000;
const MAX_STREAM_MS = 5 * 60_000;

/** `GET /orders/:id/events`: the order's status as server-sent events, from any replica. */
@ApiTags('orders')
@Controller('orders')
export class OrderStreamHttpController {
  constructor(
    @Inject(OrderStatusFeeds) private readonly feeds: OrderStatusFeeds,
    @Inject(HealthRegistry) private readonly health: HealthRegistry,
  ) {}

  @Get(':id/events')
  @ApiProduces('text/event-stream')
  async stream(
    @CurrentUser() user: AuthenticatedUser,
    @ZodParam('id', uuidSchema) id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    // Opened before the response starts: a missing order is still an ordinary 404 problem.
    const feed = await this.feeds.open(customerIdOf(user), id);
    reply.hijack();
    // The platform's headers (request id, security headers, CORS) were set on the reply.
    const platformHeaders = Object.entries(reply.getHeaders()).filter(
      (entry): entry is [string, string | number | string[]] => entry[1] !== undefined,
    );
    reply.raw.writeHead(200, {
      ...Object.fromEntries(platformHeaders),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    await writeStatusStream(reply.raw, feed, {
      heartbeatMs: HEARTBEAT_MS,
      maxLifetimeMs: MAX_STREAM_MS,
      isShuttingDown: () => this.health.isShuttingDown,
    });
  }
}
