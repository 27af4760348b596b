/**
 * `npm run chart:check`: proves the deployment files offline. Renders the Helm chart for every
 * profile and validates it (helm lint, Kubernetes 1.33 schemas, the chart's own promises), checks
 * that values.schema.json refuses bad values, builds the k8s/ kustomize trees, validates
 * docker/compose.yaml against the compose-spec schema, lints the Dockerfile (hadolint) and the
 * workflows (actionlint). One line per check, then `N passed, N failed`; exit 1 on any failure.
 */
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import {
  deploymentsAreComplete,
  deploymentsSpread,
  everyServiceReachesAuthAndDns,
  networkPoliciesCover,
  parseObjects,
  podsAreRestricted,
  targetsExist,
  workloadsHaveProbesAndResources,
  type K8sObject,
} from './policies.ts';
import { managementStaysInternal } from './management.ts';
import { validateCompose } from './compose.ts';
import { checkDashboards } from './dashboards.ts';
import { Report, run, tail, type RunResult } from './run.ts';
import { ensureTools, type Tools } from './tools.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const CHART = join(ROOT, 'charts', 'shop');
/** The Kubernetes release the chart targets; helm built from source assumes 1.20 without it. */
const KUBE_VERSION = '1.33.0';
/**
 * Kinds from CRDs (KEDA, Prometheus Operator, Gateway API, the k6-operator's TestRun in
 * k8s/load) have no schema in the core set.
 */
const CRD_KINDS = new Set(['ScaledObject', 'ServiceMonitor', 'HTTPRoute', 'TestRun']);

const PROFILES: { name: string; args: string[]; spread: boolean }[] = [
  { name: 'default', args: [], spread: true },
  { name: 'minimal', args: ['-f', join(CHART, 'values-minimal.yaml')], spread: false },
  { name: 'prod', args: ['-f', join(CHART, 'values-prod.yaml')], spread: true },
  // The options that no profile turns on, so their templates are rendered and validated too.
  {
    name: 'httproute+keda',
    args: [
      '--set',
      'ingress.enabled=false',
      '--set',
      'httpRoute.enabled=true',
      '--set',
      'services.order.keda.enabled=true',
    ],
    spread: true,
  },
  {
    name: 'kafka-tls+sasl',
    args: [
      '--set',
      'config.kafka.tls.enabled=true',
      '--set',
      'config.kafka.tls.caSecret=shop-kafka-ca',
      '--set',
      'config.kafka.sasl.enabled=true',
      '--set',
      'config.kafka.sasl.existingSecret=shop-kafka-users',
      '--set',
      'kafkaBrokerNetworkPolicy.enabled=true',
    ],
    spread: true,
  },
  // The demo seed hook Job and the in-cluster Locust load generator, with their policies.
  {
    name: 'seed+loadgenerator',
    args: [
      '--set',
      'demo.seed.enabled=true',
      '--set',
      'loadGenerator.enabled=true',
      '--set',
      'loadGenerator.scenario=stress',
      '--set',
      'loadGenerator.settings.RATE=20',
    ],
    spread: true,
  },
];

async function helmTemplate(tools: Tools, args: string[]): Promise<RunResult> {
  return run(tools.helm, [
    'template',
    'shop',
    CHART,
    '--namespace',
    'shop',
    '--kube-version',
    KUBE_VERSION,
    ...args,
  ]);
}

/** Strict schema validation of core kinds against the Kubernetes 1.33 OpenAPI, offline. */
async function validateSchemas(
  tools: Tools,
  objects: K8sObject[],
  dir: string,
  label: string,
): Promise<string[]> {
  const core = objects.filter((o) => !CRD_KINDS.has(o.kind));
  const file = join(dir, `${label.replace(/[^a-z0-9]+/gi, '-')}.json`);
  // JSON is YAML; one document per line keeps the validator's messages pointing at an object.
  writeFileSync(file, core.map((o) => JSON.stringify(o)).join('\n---\n'));
  const res = await run(tools.kubernetesValidate, [
    '--kubernetes-version',
    KUBE_VERSION,
    '--strict',
    '--quiet',
    file,
  ]);
  const problems: string[] = [];
  if (res.code !== 0 || /ERROR|failed/i.test(res.stdout + res.stderr))
    problems.push(`kubernetes-validate:\n${tail(res.stdout + res.stderr)}`);
  // The CRD kinds get a structural check instead of a schema.
  for (const o of objects.filter((x) => CRD_KINDS.has(x.kind))) {
    const expected: Record<string, string> = {
      ScaledObject: 'keda.sh/v1alpha1',
      ServiceMonitor: 'monitoring.coreos.com/v1',
      HTTPRoute: 'gateway.networking.k8s.io/v1',
      TestRun: 'k6.io/v1alpha1',
    };
    if (o.apiVersion !== expected[o.kind])
      problems.push(`${o.kind}/${o.metadata.name}: apiVersion ${o.apiVersion}`);
    if (!o.spec || typeof o.spec !== 'object')
      problems.push(`${o.kind}/${o.metadata.name}: no spec`);
  }
  return problems;
}

async function checkChart(report: Report, tools: Tools, dir: string): Promise<void> {
  // Render every profile at once: helm starts in ~100 ms, so the wall time is the slowest one.
  const rendered = await Promise.all(
    PROFILES.map(async (p) => ({
      profile: p,
      lint: await run(tools.helm, [
        'lint',
        CHART,
        '--strict',
        '--kube-version',
        KUBE_VERSION,
        ...p.args,
      ]),
      template: await helmTemplate(tools, p.args),
    })),
  );
  for (const { profile, lint, template } of rendered) {
    const tag = `chart [${profile.name}]`;
    if (lint.code === 0) report.ok(`${tag} helm lint --strict`);
    else report.fail(`${tag} helm lint --strict`, tail(lint.stdout + lint.stderr));
    if (template.code !== 0) {
      report.fail(`${tag} helm template`, tail(template.stderr));
      continue;
    }
    let objects: K8sObject[];
    try {
      objects = parseObjects(template.stdout);
    } catch (error) {
      report.fail(`${tag} rendered YAML parses`, `    ${(error as Error).message}`);
      continue;
    }
    report.ok(`${tag} helm template renders ${objects.length} objects`);
    await report.check(`${tag} valid against Kubernetes ${KUBE_VERSION} schemas (strict)`, () =>
      validateSchemas(tools, objects, dir, profile.name),
    );
    report.expectNone(
      `${tag} every Deployment has startup/liveness/readiness probes, requests and limits`,
      deploymentsAreComplete(objects),
    );
    report.expectNone(
      `${tag} every pod is restricted (non-root, read-only root, no escalation, drop ALL, RuntimeDefault, /tmp emptyDir)`,
      podsAreRestricted(objects),
    );
    report.expectNone(
      `${tag} every HPA, ScaledObject, PDB, Service and Ingress points at something rendered`,
      targetsExist(objects),
    );
    report.expectNone(
      `${tag} every pod is selected by a NetworkPolicy, every policy selects a pod`,
      networkPoliciesCover(objects),
    );
    report.expectNone(
      `${tag} every service may reach DNS and auth's JWKS`,
      everyServiceReachesAuthAndDns(objects),
    );
    report.expectNone(
      `${tag} probes and metrics on the management port; public routes only /api/v1 and /docs`,
      managementStaysInternal(objects),
    );
    report.expectNone(
      `${tag} the helm test Pod runs files/storefront-journey.mjs as it is in the chart`,
      journeyIsMounted(objects),
    );
    if (profile.spread)
      report.expectNone(
        `${tag} every Deployment spreads over zones and nodes`,
        deploymentsSpread(objects),
      );
  }
}

/** The `helm test` ConfigMap carries the journey script verbatim, and the test Pod runs it. */
function journeyIsMounted(objects: K8sObject[]): string[] {
  const script = readFileSync(join(CHART, 'files', 'storefront-journey.mjs'), 'utf8');
  const map = objects.find(
    (o) => o.kind === 'ConfigMap' && o.metadata.name.endsWith('-smoke-test'),
  );
  const pod = objects.find((o) => o.kind === 'Pod' && o.metadata.name.endsWith('-smoke-test'));
  const problems: string[] = [];
  const data = (map as { data?: Record<string, string> } | undefined)?.data;
  if (data?.['storefront-journey.mjs']?.trim() !== script.trim()) {
    problems.push('the smoke-test ConfigMap does not carry files/storefront-journey.mjs');
  }
  const container = pod?.spec?.containers?.[0] as { command?: string[] } | undefined;
  const command = container?.command;
  if (!command?.includes('/journey/storefront-journey.mjs')) {
    problems.push('the smoke-test Pod does not run /journey/storefront-journey.mjs');
  }
  return problems;
}

/** values.schema.json and the template guards must refuse these; each must fail to render. */
async function checkRefusals(report: Report, tools: Tools): Promise<void> {
  const cases: { what: string; args: string[]; expect: RegExp }[] = [
    {
      what: 'a negative replica count',
      args: ['--set', 'services.auth.replicaCount=-1'],
      expect: /replicaCount|minimum/,
    },
    {
      what: 'an unknown key in a service',
      args: ['--set', 'services.auth.replicas=3'],
      expect: /additional properties|replicas/i,
    },
    {
      what: 'an unknown top-level key',
      args: ['--set', 'replicaCount=3'],
      expect: /additional properties|replicaCount/i,
    },
    {
      what: 'a root pod securityContext',
      args: ['--set', 'podSecurityContext.runAsNonRoot=false'],
      expect: /runAsNonRoot|const/,
    },
    {
      what: 'a gateway TRUSTED_PROXIES that is neither hops nor addresses',
      args: ['--set', 'config.gatewayTrustedProxies=the ingress'],
      expect: /gatewayTrustedProxies|pattern/,
    },
    {
      what: 'a bad log level',
      args: ['--set', 'config.logLevel=loud'],
      expect: /logLevel|enum|must be one of/i,
    },
    {
      what: 'a load generator scenario that load/ does not have',
      args: ['--set', 'loadGenerator.enabled=true', '--set', 'loadGenerator.scenario=flood'],
      expect: /scenario|must be one of/i,
    },
    {
      what: 'Kafka topics without partitions',
      args: ['--set', 'kafkaTopics.partitions=0'],
      expect: /partitions|minimum/,
    },
    {
      what: 'a Kafka topic name with a space',
      args: ['--set-json', 'kafkaTopics.streams=["order events"]'],
      expect: /streams|pattern/,
    },
    {
      what: 'KEDA maxReplicas above the partition count',
      args: [
        '--set',
        'services.order.keda.enabled=true',
        '--set',
        'services.order.autoscaling.maxReplicas=50',
      ],
      expect: /exceeds keda.partitions/,
    },
    {
      what: 'Kafka SASL without the Secret of the users',
      args: ['--set', 'config.kafka.sasl.enabled=true'],
      expect: /existingSecret|minLength/,
    },
  ];
  await Promise.all(cases.map(async (c) => ({ c, res: await helmTemplate(tools, c.args) }))).then(
    (results) => {
      for (const { c, res } of results) {
        const name = `chart refuses ${c.what} (${c.args.filter((a) => a !== '--set').join(' ')})`;
        if (res.code === 0) report.fail(name, '    helm template succeeded');
        else if (!c.expect.test(res.stderr))
          report.fail(name, `    failed, but not for that reason:\n${tail(res.stderr)}`);
        else report.ok(name);
      }
    },
  );
}

async function checkKustomize(report: Report, tools: Tools, dir: string): Promise<void> {
  const k8s = join(ROOT, 'k8s');
  if (!existsSync(k8s)) {
    report.fail('k8s/ kustomize trees', '    k8s/ is missing');
    return;
  }
  // Each folder directly under k8s/ with a kustomization.yaml is a deployable tree (dev, ...);
  // the components under k8s/base are built through them.
  const trees = readdirSync(k8s, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(k8s, e.name, 'kustomization.yaml')))
    .map((e) => join(k8s, e.name));
  if (trees.length === 0) report.fail('k8s/ kustomize trees', '    no k8s/*/kustomization.yaml');
  for (const tree of trees) {
    const name = `kustomize ${relative(ROOT, tree)}`;
    const [exe, ...pre] = tools.kustomize as [string, ...string[]];
    const res = await run(exe, [...pre, tree]);
    if (res.code !== 0) {
      report.fail(`${name} builds`, tail(res.stderr));
      continue;
    }
    const objects = parseObjects(res.stdout);
    report.ok(`${name} builds (${objects.length} objects)`);
    await report.check(`${name} valid against Kubernetes ${KUBE_VERSION} schemas (strict)`, () =>
      validateSchemas(tools, objects, dir, relative(ROOT, tree)),
    );
    report.expectNone(
      `${name} workloads have readiness probes and memory requests and limits`,
      workloadsHaveProbesAndResources(objects),
    );
    if (
      objects.some(
        (o) => o.kind === 'ConfigMap' && /^grafana-dashboards(-[a-z0-9]+)?$/.test(o.metadata.name),
      )
    ) {
      await report.check(
        `${name} Grafana dashboards are provisioned and query only metrics the code registers`,
        () => checkDashboards(ROOT, objects),
      );
    }
  }
}

async function checkDocker(report: Report, tools: Tools): Promise<void> {
  const dockerfile = join(ROOT, 'docker', 'Dockerfile');
  const res = await run(tools.hadolint, ['--no-color', dockerfile]);
  if (res.code === 0) report.ok('hadolint docker/Dockerfile');
  else report.fail('hadolint docker/Dockerfile', tail(res.stdout + res.stderr));
  await checkComposeCli(report, tools);
  await report.check(
    'docker/compose.yaml valid against the compose-spec schema, with healthchecks and start order',
    () =>
      validateCompose(
        parseYaml(readFileSync(join(ROOT, 'docker', 'compose.yaml'), 'utf8'), { merge: true }),
      ),
  );
}

/**
 * What `docker compose config` says of the file: the Compose CLI loads, interpolates and
 * validates it exactly as `docker compose up` would, without an engine. A copy with a typo in a
 * service key must be refused, so a pass means the CLI really validated.
 */
async function checkComposeCli(report: Report, tools: Tools): Promise<void> {
  const file = join(ROOT, 'docker', 'compose.yaml');
  const compose = (path: string) => run(tools.compose, ['-f', path, 'config', '--quiet']);
  const res = await compose(file);
  if (res.code === 0) report.ok('docker compose config accepts docker/compose.yaml');
  else report.fail('docker compose config accepts docker/compose.yaml', tail(res.stderr));
  const dir = mkdtempSync(join(tmpdir(), 'compose-'));
  try {
    const broken = join(dir, 'compose.yaml');
    writeFileSync(
      broken,
      readFileSync(file, 'utf8').replace(/^(\s+)healthcheck:/m, '$1healthchek:'),
    );
    const refused = await compose(broken);
    if (refused.code !== 0 && /healthchek/.test(refused.stderr))
      report.ok('docker compose config refuses a misspelt key');
    else report.fail('docker compose config refuses a misspelt key', tail(refused.stderr));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * NOTES.txt, which tells people how to shop, is rendered only by `helm install` (which needs a
 * cluster). A copy of the chart carries it as a template of its own, so `helm template` renders
 * it for every profile and a broken expression fails here.
 */
async function checkNotes(report: Report, tools: Tools, dir: string): Promise<void> {
  const copy = join(dir, 'notes-chart');
  cpSync(CHART, copy, { recursive: true });
  const notes = readFileSync(join(copy, 'templates', 'NOTES.txt'), 'utf8');
  const indented = notes
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
  writeFileSync(join(copy, 'templates', 'zz-notes.yaml'), `notes: |\n${indented}\n`);
  // Rendered in parallel, like the profiles themselves.
  const results = await Promise.all(
    PROFILES.map(async (p) => ({
      p,
      res: await run(tools.helm, [
        'template',
        'shop',
        copy,
        '--namespace',
        'shop',
        '--kube-version',
        KUBE_VERSION,
        '--show-only',
        'templates/zz-notes.yaml',
        ...p.args,
      ]),
    })),
  );
  const problems: string[] = [];
  for (const { p, res } of results) {
    if (res.code !== 0) problems.push(`[${p.name}] ${tail(res.stderr)}`);
    else if (!res.stdout.includes('/api/v1') || !res.stdout.includes('port-forward')) {
      problems.push(`[${p.name}] the notes do not say how to reach the storefront`);
    }
  }
  report.expectNone('chart NOTES.txt renders for every profile and says how to shop', problems);
}

/** What chart.yml publishes: the package must build (and leave the Prettier config out). */
async function checkPackage(report: Report, tools: Tools, dir: string): Promise<void> {
  const res = await run(tools.helm, ['package', CHART, '--destination', dir]);
  const listing = res.code === 0 ? await run('tar', ['-tzf', join(dir, 'shop-0.1.0.tgz')]) : res;
  if (res.code !== 0 || listing.code !== 0) {
    report.fail('helm package charts/shop', tail(res.stderr + listing.stderr));
  } else if (listing.stdout.includes('.prettierrc')) {
    report.fail('helm package charts/shop', '    the package contains templates/.prettierrc.json');
  } else {
    report.ok('helm package charts/shop');
  }
}

/**
 * Files that compose and the dev cluster both need. Kustomize may not read outside its tree,
 * so each side keeps a copy; this check keeps the copies equal.
 */
function checkCopies(report: Report): void {
  const pairs = [
    ['docker/otel-collector/config.yaml', 'k8s/base/otel-collector/config.yaml'],
    ['docker/postgres/init.sql', 'k8s/base/postgres/init.sql'],
  ] as const;
  const problems = pairs
    .filter(([a, b]) => readFileSync(join(ROOT, a), 'utf8') !== readFileSync(join(ROOT, b), 'utf8'))
    .map(([a, b]) => `${a} and ${b} differ`);
  report.expectNone('docker/ and k8s/ share the same collector config and database init', problems);
}

async function checkWorkflows(report: Report, tools: Tools): Promise<void> {
  const res = await run(tools.actionlint, ['-no-color'], { cwd: ROOT });
  if (res.code === 0) report.ok('actionlint .github/workflows');
  else report.fail('actionlint .github/workflows', tail(res.stdout + res.stderr, 30));
}

async function main(): Promise<void> {
  const started = Date.now();
  const report = new Report();
  let tools: Tools;
  try {
    tools = await ensureTools(ROOT);
  } catch (error) {
    report.fail('install the checking tools', `    ${(error as Error).message}`);
    console.log(`${report.passed} passed, ${report.failed} failed`);
    process.exit(1);
  }
  const dir = mkdtempSync(join(tmpdir(), 'chart-check-'));
  try {
    await checkChart(report, tools, dir);
    await checkRefusals(report, tools);
    await checkPackage(report, tools, dir);
    await checkNotes(report, tools, dir);
    await checkKustomize(report, tools, dir);
    await checkDocker(report, tools);
    checkCopies(report);
    await checkWorkflows(report, tools);
    if (tools.kubeLinter) {
      const res = await helmTemplate(tools, ['-f', join(CHART, 'values-prod.yaml')]);
      const file = join(dir, 'kube-linter.yaml');
      writeFileSync(file, res.stdout);
      const lint = await run(tools.kubeLinter, ['lint', file]);
      if (lint.code === 0) report.ok('kube-linter (prod profile)');
      else report.fail('kube-linter (prod profile)', tail(lint.stdout + lint.stderr, 30));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`chart-check took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`${report.passed} passed, ${report.failed} failed`);
  process.exitCode = report.failed > 0 ? 1 : 0;
}

await main();
