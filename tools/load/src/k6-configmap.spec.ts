/**
 * k8s/load/k6-scripts.configmap.yaml is generated from load/k6 (`npm run k6:configmap`): this
 * fails while it is stale, so the TestRun never runs other scripts than the repository's.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIGMAP_FILE, k6Files, renderConfigMap } from './k6-configmap.ts';

describe('the k6 scripts ConfigMap', () => {
  it('is what npm run k6:configmap makes of load/k6 now', async () => {
    expect(readFileSync(CONFIGMAP_FILE, 'utf8')).toBe(await renderConfigMap());
  });

  it('carries every script, its modules and the scenarios file, flat', () => {
    const names = Object.keys(k6Files());
    for (const name of ['smoke', 'browse', 'checkout', 'stress', 'spike', 'soak', 'breakpoint']) {
      expect(names).toContain(`${name}.ts`);
    }
    expect(names).toEqual(expect.arrayContaining(['shop.ts', 'options.ts', 'summary.ts']));
    expect(names).toContain('scenarios.json');
    expect(names.every((name) => !name.includes('/'))).toBe(true);
  });
});
