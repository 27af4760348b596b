import { Module } from '@nestjs/common';
import { UpstreamClient } from './upstream-client.service.js';

/** The connection pools and circuit breakers of the four services. */
@Module({ providers: [UpstreamClient], exports: [UpstreamClient] })
export class UpstreamModule {}
