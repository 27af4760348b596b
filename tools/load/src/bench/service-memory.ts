/** The services' resident memory during a bench run, found by the ports they listen on. */
import type { LocalPlatform } from '../local-platform.ts';
import { ROOT } from '../paths.ts';
import { backingServerPids, pidOnPort, treeRssMiB } from './memory.ts';
import { r1, SERVICES, type Results, type Service } from './results.ts';

export function servicePids(local: LocalPlatform): Record<Service, number> {
  const pids = {} as Record<Service, number>;
  for (const name of SERVICES) pids[name] = pidOnPort(local.platform.specs[name].port) ?? 0;
  return pids;
}

export function serviceRss(local: LocalPlatform): Record<string, number> {
  const pids = servicePids(local);
  return Object.fromEntries(SERVICES.map((name) => [name, r1(treeRssMiB(pids[name]))]));
}

/** Samples the services' RSS every second while `work` runs; keeps each one's maximum. */
export async function peakRss<T>(
  local: LocalPlatform,
  into: Record<string, number>,
  work: () => Promise<T>,
): Promise<T> {
  const sample = () => {
    for (const [name, mib] of Object.entries(serviceRss(local)))
      into[name] = Math.max(into[name] ?? 0, mib);
  };
  const timer = setInterval(sample, 1_000);
  try {
    return await work();
  } finally {
    clearInterval(timer);
    sample();
  }
}

const sum = (values: Record<string, number>) =>
  r1(Object.values(values).reduce((a, b) => a + b, 0));

/** (3) The services at rest and at their peak under load, the backing servers, the whole stack. */
export function memoryFigures(
  atRest: Record<string, number>,
  underLoad: Record<string, number>,
): NonNullable<Results['memory']> {
  const backingMiB = Object.fromEntries(
    Object.entries(backingServerPids(ROOT)).map(([name, pid]) => [name, r1(treeRssMiB(pid))]),
  );
  return {
    atRestMiB: atRest,
    underLoadMiB: underLoad,
    backingMiB,
    servicesAtRestMiB: sum(atRest),
    servicesUnderLoadMiB: sum(underLoad),
    stackUnderLoadMiB: r1(sum(underLoad) + sum(backingMiB)),
  };
}
