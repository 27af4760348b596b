import type { HealthRegistry } from './health-registry.service.js';
import { NotLiveError, NotReadyError } from './health.errors.js';

/** The body of a passing readiness probe: each check's outcome. */
export interface ReadyBody {
  status: 'ok';
  /** `ok`, or why a check that does not affect readiness failed (`failed`, `timed out …`). */
  checks: Record<string, string>;
  /** The checks that failed without making the service unready; absent when none. */
  degraded?: string[];
}

/**
 * `/health/live`: ok while nothing in the process broke for good (see
 * `HealthRegistry.markBroken`); a failing liveness probe restarts the pod.
 * @throws NotLiveError naming what broke.
 */
export function liveness(registry: HealthRegistry): { status: 'ok' } {
  const broken = registry.brokenParts();
  if (broken.length > 0) throw new NotLiveError(broken);
  return { status: 'ok' };
}

/**
 * `/health/ready`: ok when every check that affects readiness passes and the service is not
 * draining.
 * @throws NotReadyError listing the failed checks.
 */
export async function readiness(registry: HealthRegistry): Promise<ReadyBody> {
  const report = await registry.readiness();
  if (!report.ready) {
    const failed = report.checks
      .filter((check) => !check.ok)
      .map((check) => ({ path: check.name, message: check.reason ?? 'failed' }));
    throw new NotReadyError(failed, report.shuttingDown);
  }
  const degraded = report.checks.filter((check) => !check.ok).map((check) => check.name);
  return {
    status: 'ok',
    checks: Object.fromEntries(
      report.checks.map((check) => [check.name, check.ok ? 'ok' : (check.reason ?? 'failed')]),
    ),
    ...(degraded.length > 0 ? { degraded } : {}),
  };
}
