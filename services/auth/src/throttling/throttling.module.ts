import { Module } from '@nestjs/common';
import { LoginThrottle } from './login-throttle.service.js';

/** Failed-login backoff, limits and budgets in Redis (ADR 0017). */
@Module({ providers: [LoginThrottle], exports: [LoginThrottle] })
export class ThrottlingModule {}
