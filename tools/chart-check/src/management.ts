/**
 * Issue 18, finding 4: probes and `/metrics` live on each pod's `management` port, and no public
 * route reaches it. Over the rendered objects: every Deployment probes the `management` port,
 * the Ingress and the HTTPRoute route only the API and its docs, and the ServiceMonitor scrapes
 * `management`. Each function returns the problems it found; empty is a pass.
 */
import type { K8sObject } from './policies.ts';

/** The only paths a public route may send to the gateway. */
export const PUBLIC_PATHS = ['/api/v1', '/docs'];

const PROBES = ['startupProbe', 'livenessProbe', 'readinessProbe'] as const;

interface HttpGet {
  httpGet?: { port?: string | number };
}

interface Routed {
  containers?: (Record<(typeof PROBES)[number], HttpGet | undefined> & { name: string })[];
  rules?: {
    http?: { paths?: { path?: string }[] };
    matches?: { path?: { value?: string } }[];
  }[];
  endpoints?: { port?: string }[];
}

function specOf(object: K8sObject): Routed {
  return (object.spec ?? {}) as Routed;
}

export function managementStaysInternal(objects: K8sObject[]): string[] {
  const problems: string[] = [];
  for (const object of objects) {
    const where = `${object.kind}/${object.metadata.name}`;
    if (object.kind === 'Deployment') {
      const pod = (object.spec?.template?.spec ?? {}) as Routed;
      for (const container of pod.containers ?? []) {
        for (const probe of PROBES) {
          const port = container[probe]?.httpGet?.port;
          if (port !== 'management') problems.push(`${where}: ${probe} on port ${port}`);
        }
      }
    }
    if (object.kind === 'Ingress') {
      const paths = specOf(object).rules?.flatMap((rule) => rule.http?.paths ?? []) ?? [];
      for (const { path } of paths) {
        if (!PUBLIC_PATHS.includes(path ?? '')) problems.push(`${where}: routes ${path}`);
      }
    }
    if (object.kind === 'HTTPRoute') {
      const matches = specOf(object).rules?.flatMap((rule) => rule.matches ?? []) ?? [];
      for (const match of matches) {
        const path = match.path?.value;
        if (!PUBLIC_PATHS.includes(path ?? '')) problems.push(`${where}: routes ${path}`);
      }
    }
    if (object.kind === 'ServiceMonitor') {
      for (const endpoint of specOf(object).endpoints ?? []) {
        if (endpoint.port !== 'management') problems.push(`${where}: scrapes ${endpoint.port}`);
      }
    }
  }
  return problems;
}
