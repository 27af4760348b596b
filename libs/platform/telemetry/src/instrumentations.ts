import { FastifyOtelInstrumentation } from '@fastify/otel';
import { CassandraDriverInstrumentation } from '@opentelemetry/instrumentation-cassandra-driver';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { MongoDBInstrumentation } from '@opentelemetry/instrumentation-mongodb';
import { MongooseInstrumentation } from '@opentelemetry/instrumentation-mongoose';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';

/**
 * The automatic instrumentations every service runs with.
 *
 * KafkaJS is deliberately absent: `@shop/platform-messaging` creates its own producer and consumer
 * spans, because the outbox relay must publish with the trace context captured when the event was
 * written, not with the relay's own context, which an instrumentation of `producer.send` would use.
 *
 * NestJS is absent too: `@opentelemetry/instrumentation-nestjs-core` patches `@nestjs/core` below 12
 * only. The Fastify spans already name each route.
 */
export function createInstrumentations() {
  return [
    new HttpInstrumentation(),
    // Global fetch (undici): the gateway's upstream calls carry `traceparent` and get client spans.
    new UndiciInstrumentation(),
    // Registers its Fastify plugin through Fastify's `fastify.initialization` diagnostics channel,
    // so services need no code of their own and ESM loading order does not matter.
    new FastifyOtelInstrumentation({ registerOnInitialization: true }),
    new PgInstrumentation(),
    new IORedisInstrumentation(),
    new CassandraDriverInstrumentation(),
    new MongoDBInstrumentation(),
    // Driver spans under Mongoose ones are kept (no `suppressInternalInstrumentation`): they show
    // the commands a Mongoose call really issues, and suppression would also hide any span started
    // inside Mongoose middleware.
    new MongooseInstrumentation(),
  ];
}
