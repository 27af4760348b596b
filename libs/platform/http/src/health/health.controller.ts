import { Controller, Get } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorator.js';
import { HealthRegistry } from './health-registry.service.js';
import { NotLiveError, NotReadyError } from './health.errors.js';

/** Probe endpoints: outside the global prefix, the auth guard and the OpenAPI document. */
@ApiExcludeController()
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly registry: HealthRegistry) {}

  /**
   * 200 while the process can answer and nothing in it broke for good (see
   * `HealthRegistry.markBroken`), else 503: a failing liveness probe restarts the pod.
   */
  @Get('live')
  live(): { status: 'ok' } {
    const broken = this.registry.brokenParts();
    if (broken.length > 0) throw new NotLiveError(broken);
    return { status: 'ok' };
  }

  /** 200 when every readiness check passes and the service is not draining; else 503. */
  @Get('ready')
  async ready(): Promise<{ status: 'ok'; checks: Record<string, 'ok'> }> {
    const report = await this.registry.readiness();
    if (!report.ready) {
      const failed = report.checks
        .filter((check) => !check.ok)
        .map((check) => ({ path: check.name, message: check.reason ?? 'failed' }));
      throw new NotReadyError(failed, report.shuttingDown);
    }
    return {
      status: 'ok',
      checks: Object.fromEntries(report.checks.map((check) => [check.name, 'ok' as const])),
    };
  }
}
