/**
 * The Grafana dashboards of k8s/base/grafana/dashboards: each one is provisioned (it is in the
 * generated ConfigMap), and each metric its queries name is one the code registers, so renaming
 * a metric in a service breaks this check instead of leaving an empty panel.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { K8sObject } from './policies.ts';

interface Dashboard {
  uid?: string;
  title?: string;
  panels?: { title?: string; targets?: { expr?: string }[] }[];
}

/** Metrics that come from outside the code: kube-state-metrics. */
const EXTERNAL = /^kube_/;

/** Metric names in a PromQL expression: identifiers that are not functions, labels or keywords. */
export function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/\{[^}]*\}/g, ' ') // label matchers
    .replace(/\b(by|without|on|ignoring)\s*\([^)]*\)/g, ' ') // grouping label lists
    .replace(/\[[^\]]*\]/g, ' ') // range selectors
    .replace(/\b[a-z_]+\s*\(/g, ' ('); // function names
  const names = stripped.match(/\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/g) ?? [];
  // A histogram's series carry suffixes; the code registers the base name.
  return [...new Set(names.map((n) => n.replace(/_(bucket|sum|count)$/, '')))];
}

/** Every source file of the services and libraries, read once. */
function sourceText(root: string): string {
  const parts: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name === 'dist' || e.name === 'test') continue;
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts'))
        parts.push(readFileSync(path, 'utf8'));
    }
  };
  walk(join(root, 'services'));
  walk(join(root, 'libs'));
  return parts.join('\n');
}

export function checkDashboards(root: string, built: K8sObject[]): string[] {
  const problems: string[] = [];
  const folder = join(root, 'k8s', 'base', 'grafana', 'dashboards');
  const files = readdirSync(folder).filter((f) => f.endsWith('.json'));
  const provisioned: (K8sObject & { data?: Record<string, string> }) | undefined = built.find(
    (o) => o.kind === 'ConfigMap' && /^grafana-dashboards(-[a-z0-9]+)?$/.test(o.metadata.name),
  );
  const source = sourceText(root);
  const uids = new Set<string>();
  for (const file of files) {
    if (!provisioned?.data?.[file])
      problems.push(`${file}: not in the grafana-dashboards ConfigMap`);
    let dashboard: Dashboard;
    try {
      dashboard = JSON.parse(readFileSync(join(folder, file), 'utf8')) as Dashboard;
    } catch (error) {
      problems.push(`${file}: ${(error as Error).message}`);
      continue;
    }
    if (!dashboard.uid || uids.has(dashboard.uid))
      problems.push(`${file}: missing or repeated uid`);
    uids.add(dashboard.uid ?? '');
    for (const panel of dashboard.panels ?? []) {
      const targets = panel.targets ?? [];
      if (targets.length === 0) problems.push(`${file} "${panel.title}": no query`);
      for (const { expr = '' } of targets) {
        for (const metric of metricNames(expr)) {
          if (!EXTERNAL.test(metric) && !source.includes(`'${metric}'`)) {
            problems.push(
              `${file} "${panel.title}": metric ${metric} is registered nowhere in services/ or libs/`,
            );
          }
        }
      }
    }
  }
  if (files.length === 0) problems.push('no dashboards');
  return problems;
}
