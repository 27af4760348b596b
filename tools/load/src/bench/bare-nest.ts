/**
 * The least a NestJS-on-Fastify service is: one module, one controller answering
 * `/health/ready`, no config schema, no stores, no Kafka, no telemetry. The bench starts it the
 * way the launcher starts a service (through the SWC loader) to see what start-up costs before
 * the platform adds anything.
 */
import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';

@Controller('health')
class HealthController {
  @Get('ready')
  ready(): { status: string } {
    return { status: 'ok' };
  }
}

@Module({ controllers: [HealthController] })
class BareModule {}

const app = await NestFactory.create<NestFastifyApplication>(BareModule, new FastifyAdapter(), {
  logger: false,
});
await app.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
