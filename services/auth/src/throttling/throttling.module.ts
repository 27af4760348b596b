import { Module } from '@nestjs/common';
import { LoginThrottle } from './login-throttle.service.js';

/** Failed-login counters in Redis. */
@Module({ providers: [LoginThrottle], exports: [LoginThrottle] })
export class ThrottlingModule {}
