import { Global, Module } from '@nestjs/common';
import { HealthRegistry } from './health-registry.service.js';

/**
 * The global {@link HealthRegistry}. The bootstrap adds it; the probes that read it are served
 * on the management port (`management/management-server.ts`), not by the app.
 */
@Global()
@Module({
  providers: [HealthRegistry],
  exports: [HealthRegistry],
})
export class HealthModule {}
