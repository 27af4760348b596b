import { Module } from '@nestjs/common';
import { RateLimitHook } from './rate-limit.hook.js';
import { RateLimiter } from './rate-limiter.service.js';

/** Request limits per address (every request) and per customer (authenticated ones), in Redis. */
@Module({ providers: [RateLimiter, RateLimitHook], exports: [RateLimiter] })
export class RateLimitModule {}
