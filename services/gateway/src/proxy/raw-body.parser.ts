import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';

/**
 * Keeps every request body as the bytes that came, whatever its type: the gateway forwards
 * bodies, it does not read them. Parsing JSON here would cost time, change the bytes, and answer
 * malformed input with the gateway's words instead of the service's. Fastify's body limit still
 * applies (413 `REQUEST.TOO_LARGE`).
 */
@Injectable()
export class RawBodyParser implements OnModuleInit {
  constructor(@Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.removeAllContentTypeParsers();
    fastify.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => {
      done(null, body);
    });
  }
}
