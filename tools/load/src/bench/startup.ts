/** (4) Each service's time from process start to ready, against a bare NestJS app. */
import { join } from 'node:path';
import { percentile } from '@shop/testing';
import { freePort, type LocalPlatform } from '../local-platform.ts';
import { ROOT } from '../paths.ts';
import { startChild, stopChild, timeToReady } from './processes.ts';
import { log, r1, SERVICES, type Results, type Service } from './results.ts';

export async function startupBench(local: LocalPlatform, results: Results): Promise<void> {
  const loader = join(ROOT, 'tools', 'ts-loader', 'register.mjs');
  const bareTimes: number[] = [];
  for (let i = 0; i < 3; i++) {
    const port = await freePort();
    const started = performance.now();
    const child = startChild(
      ['--import', loader, join(ROOT, 'tools', 'load', 'src', 'bench', 'bare-nest.ts')],
      { PORT: String(port) },
    );
    try {
      bareTimes.push(await timeToReady(child, started, `http://127.0.0.1:${port}/health/ready`));
    } finally {
      await stopChild(child);
    }
  }
  const bareNestMs = r1(percentile(bareTimes, 50));
  log(`(4) bare NestJS on Fastify: ${bareNestMs} ms to ready (median of 3)`);
  const servicesMs = {} as Record<Service, number>;
  for (const name of SERVICES) {
    const stopping = performance.now();
    await local.platform.supervisor.stop(name);
    log(
      `(4) ${name}: stopped in ${r1(performance.now() - stopping)} ms (SIGTERM, SIGKILL after 10 s)`,
    );
    const spec = local.platform.specs[name];
    const started = performance.now();
    const child = startChild(spec.args, spec.env);
    try {
      servicesMs[name] = r1(
        await timeToReady(child, started, `http://127.0.0.1:${spec.managementPort}/health/ready`),
      );
    } finally {
      await stopChild(child);
      // Back under the supervisor, tracing off for (5).
      local.platform.specs[name] = { ...spec, env: { ...spec.env, OTEL_SDK_DISABLED: 'true' } };
      await local.platform.restart(name);
    }
    log(`(4) ${name}: ${servicesMs[name]} ms to ready; restarted with OTEL_SDK_DISABLED=true`);
  }
  results.startup = {
    bareNestMs,
    servicesMs,
    ratios: Object.fromEntries(
      SERVICES.map((name) => [name, r1(servicesMs[name] / bareNestMs)]),
    ) as Record<Service, number>,
  };
}
