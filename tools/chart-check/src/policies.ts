/**
 * Assertions over rendered Kubernetes objects: the chart's promises (probes, resources, the
 * restricted profile, autoscalers and budgets that point at something, NetworkPolicy coverage)
 * and the kube-linter checks that matter here. Each function returns the problems it found;
 * an empty list is a pass. A kube-linter exception is honoured only with a reason:
 * `ignore-check.kube-linter.io/<check>: "<why>"` on the object, the same annotation kube-linter reads.
 */
import { parseAllDocuments } from 'yaml';

type Labels = Record<string, string>;

interface Container {
  name: string;
  image?: string;
  startupProbe?: object;
  livenessProbe?: object;
  readinessProbe?: object;
  resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
  securityContext?: {
    runAsNonRoot?: boolean;
    allowPrivilegeEscalation?: boolean;
    readOnlyRootFilesystem?: boolean;
    privileged?: boolean;
    capabilities?: { drop?: string[] };
  };
  volumeMounts?: { name: string; mountPath: string }[];
  envFrom?: { configMapRef?: { name?: string }; secretRef?: { name?: string } }[];
}

interface PodSpec {
  containers?: Container[];
  initContainers?: Container[];
  securityContext?: { runAsNonRoot?: boolean; seccompProfile?: { type?: string } };
  automountServiceAccountToken?: boolean;
  serviceAccountName?: string;
  volumes?: { name: string; emptyDir?: object }[];
  topologySpreadConstraints?: object[];
}

interface Peer {
  podSelector?: { matchLabels?: Labels };
  namespaceSelector?: { matchLabels?: Labels };
}

/** The fields of the kinds this file reads; everything is optional because it comes from YAML. */
interface Spec extends PodSpec {
  template?: { metadata?: { labels?: Labels }; spec?: PodSpec };
  /** A Service's selector is a label map; a PDB's is `{ matchLabels }`. */
  selector?: Labels | { matchLabels?: Labels };
  scaleTargetRef?: { kind?: string; name?: string };
  behavior?: { scaleUp?: object; scaleDown?: object };
  metrics?: { resource?: { name?: string } }[];
  minReplicas?: number;
  maxReplicas?: number;
  triggers?: { type?: string }[];
  podSelector?: { matchLabels?: Labels };
  policyTypes?: string[];
  egress?: { to?: Peer[]; ports?: { port?: number | string }[] }[];
  rules?: {
    http?: { paths?: { backend?: { service?: { name?: string } } }[] };
    backendRefs?: { name?: string }[];
  }[];
  parentRefs?: object[];
}

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Labels; annotations?: Record<string, string> };
  spec?: Spec;
}

export function parseObjects(text: string): K8sObject[] {
  const objects: K8sObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new Error(`YAML error: ${doc.errors[0]?.message}`);
    const value = doc.toJS() as K8sObject | null;
    if (value) objects.push(value);
  }
  return objects;
}

const id = (o: K8sObject): string => `${o.kind}/${o.metadata.name}`;

function ignored(o: K8sObject, check: string): boolean {
  const reason = o.metadata.annotations?.[`ignore-check.kube-linter.io/${check}`];
  return typeof reason === 'string' && reason.trim().length >= 10;
}

/** The pod template of a workload, or the pod spec of a bare Pod. */
function podOf(o: K8sObject): { labels: Labels; spec: PodSpec } | undefined {
  switch (o.kind) {
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'Job':
      return {
        labels: o.spec?.template?.metadata?.labels ?? {},
        spec: o.spec?.template?.spec ?? {},
      };
    case 'Pod':
      return { labels: o.metadata.labels ?? {}, spec: o.spec ?? {} };
    default:
      return undefined;
  }
}

function matches(selector: Labels | undefined, labels: Labels): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/** A PDB's `{ matchLabels }` or a Service's plain label map. */
function selectorLabels(selector: Spec['selector']): Labels | undefined {
  if (!selector) return undefined;
  if ('matchLabels' in selector && typeof selector.matchLabels === 'object') {
    return selector.matchLabels;
  }
  return selector as Labels;
}

/** Probes, requests and limits on every container of every Deployment. */
export function deploymentsAreComplete(objects: K8sObject[]): string[] {
  const problems: string[] = [];
  const deployments = objects.filter((o) => o.kind === 'Deployment');
  if (deployments.length === 0) problems.push('no Deployment rendered');
  for (const d of deployments) {
    for (const c of d.spec?.template?.spec?.containers ?? []) {
      const where = `${id(d)} container ${c.name}`;
      if (!c.startupProbe) problems.push(`${where}: no startupProbe`);
      if (!c.livenessProbe) problems.push(`${where}: no livenessProbe`);
      if (!c.readinessProbe) problems.push(`${where}: no readinessProbe`);
      for (const kind of ['requests', 'limits'] as const) {
        for (const res of ['cpu', 'memory']) {
          if (!c.resources?.[kind]?.[res]) problems.push(`${where}: no ${kind}.${res}`);
        }
      }
      const image = c.image ?? '';
      if (image.endsWith(':latest') || !image.includes(':')) {
        problems.push(`${where}: image ${image} has no pinned tag`);
      }
    }
  }
  return problems;
}

/** Pod Security Standard "restricted" on every pod the chart runs (Deployments, Jobs, test Pods). */
export function podsAreRestricted(objects: K8sObject[]): string[] {
  const problems: string[] = [];
  for (const o of objects) {
    const pod = podOf(o);
    if (!pod) continue;
    const psc = pod.spec.securityContext ?? {};
    if (psc.seccompProfile?.type !== 'RuntimeDefault') {
      problems.push(`${id(o)}: pod seccompProfile is not RuntimeDefault`);
    }
    if (pod.spec.automountServiceAccountToken !== false) {
      problems.push(`${id(o)}: service account token is mounted`);
    }
    if (!pod.spec.serviceAccountName && !ignored(o, 'default-service-account')) {
      problems.push(`${id(o)}: runs as the default ServiceAccount without a justified exception`);
    }
    for (const c of [...(pod.spec.containers ?? []), ...(pod.spec.initContainers ?? [])]) {
      const sc = c.securityContext ?? {};
      const where = `${id(o)} container ${c.name}`;
      if (sc.runAsNonRoot !== true && psc.runAsNonRoot !== true) {
        problems.push(`${where}: runAsNonRoot is not true`);
      }
      if (sc.allowPrivilegeEscalation !== false) {
        problems.push(`${where}: allowPrivilegeEscalation is not false`);
      }
      if (sc.readOnlyRootFilesystem !== true)
        problems.push(`${where}: readOnlyRootFilesystem is not true`);
      if (!(sc.capabilities?.drop ?? []).includes('ALL'))
        problems.push(`${where}: capabilities do not drop ALL`);
      if (sc.privileged === true) problems.push(`${where}: privileged`);
      if ((o.kind === 'Deployment' || o.kind === 'Job') && sc.readOnlyRootFilesystem === true) {
        const tmp = (c.volumeMounts ?? []).find((m) => m.mountPath === '/tmp');
        const vol = tmp && (pod.spec.volumes ?? []).find((v) => v.name === tmp.name);
        if (!vol?.emptyDir) problems.push(`${where}: no emptyDir at /tmp under a read-only root`);
      }
    }
  }
  return problems;
}

const rendered = (objects: K8sObject[], kind: string, name: string | undefined): boolean =>
  objects.some((s) => s.kind === kind && s.metadata.name === name);

/** Every HPA, PDB, KEDA ScaledObject and Service points at an existing Deployment's pods. */
export function targetsExist(objects: K8sObject[]): string[] {
  const problems: string[] = [];
  const deployments = objects.filter((o) => o.kind === 'Deployment');
  const podLabels = deployments.map((d) => d.spec?.template?.metadata?.labels ?? {});
  for (const o of objects) {
    const spec = o.spec ?? {};
    switch (o.kind) {
      case 'HorizontalPodAutoscaler': {
        const ref = spec.scaleTargetRef ?? {};
        if (ref.kind !== 'Deployment' || !rendered(objects, 'Deployment', ref.name)) {
          problems.push(`${id(o)}: targets missing ${ref.kind}/${ref.name}`);
        }
        if (!spec.behavior?.scaleUp || !spec.behavior?.scaleDown) {
          problems.push(`${id(o)}: scale-up and scale-down behavior not both set`);
        }
        const metrics = (spec.metrics ?? []).map((m) => m.resource?.name);
        for (const r of ['cpu', 'memory'])
          if (!metrics.includes(r)) problems.push(`${id(o)}: no ${r} metric`);
        if (!((spec.minReplicas ?? 1) <= (spec.maxReplicas ?? 0))) {
          problems.push(`${id(o)}: minReplicas above maxReplicas`);
        }
        break;
      }
      case 'ScaledObject': {
        const name = spec.scaleTargetRef?.name;
        if (!rendered(objects, 'Deployment', name))
          problems.push(`${id(o)}: targets missing Deployment/${name}`);
        if (
          objects.some(
            (h) => h.kind === 'HorizontalPodAutoscaler' && h.spec?.scaleTargetRef?.name === name,
          )
        ) {
          problems.push(`${id(o)}: an HPA also targets ${name}; KEDA makes its own`);
        }
        if (!(spec.triggers ?? []).some((t) => t.type === 'kafka'))
          problems.push(`${id(o)}: no kafka lag trigger`);
        break;
      }
      case 'PodDisruptionBudget':
      case 'Service':
        if (!podLabels.some((l) => matches(selectorLabels(spec.selector), l))) {
          problems.push(`${id(o)}: selects no Deployment's pods (dangling)`);
        }
        break;
      case 'Deployment': {
        const pod = spec.template?.spec ?? {};
        const sa = pod.serviceAccountName;
        if (sa && !rendered(objects, 'ServiceAccount', sa))
          problems.push(`${id(o)}: ServiceAccount ${sa} not rendered`);
        for (const c of pod.containers ?? []) {
          for (const ref of c.envFrom ?? []) {
            const cm = ref.configMapRef?.name;
            if (cm && !rendered(objects, 'ConfigMap', cm))
              problems.push(`${id(o)}: ConfigMap ${cm} not rendered`);
          }
        }
        break;
      }
      case 'Ingress':
        for (const rule of spec.rules ?? []) {
          for (const p of rule.http?.paths ?? []) {
            const svc = p.backend?.service?.name;
            if (!rendered(objects, 'Service', svc))
              problems.push(`${id(o)}: backend Service ${svc} not rendered`);
          }
        }
        break;
      case 'HTTPRoute':
        for (const rule of spec.rules ?? []) {
          for (const b of rule.backendRefs ?? []) {
            if (!rendered(objects, 'Service', b.name))
              problems.push(`${id(o)}: backend Service ${b.name} not rendered`);
          }
        }
        if (!(spec.parentRefs && spec.parentRefs.length > 0))
          problems.push(`${id(o)}: no parentRefs`);
        break;
    }
  }
  return problems;
}

/** Every pod is selected by a NetworkPolicy, and every NetworkPolicy selects some pod. */
export function networkPoliciesCover(objects: K8sObject[]): string[] {
  const problems: string[] = [];
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
  const pods = objects.flatMap((o) => {
    const pod = podOf(o);
    return pod ? [{ o, labels: pod.labels }] : [];
  });
  if (policies.length === 0) return ['no NetworkPolicy rendered'];
  for (const { o, labels } of pods) {
    const selecting = policies.filter((p) => matches(p.spec?.podSelector?.matchLabels, labels));
    if (selecting.length === 0) problems.push(`${id(o)}: no NetworkPolicy selects its pods`);
    const types = new Set(selecting.flatMap((p) => p.spec?.policyTypes ?? []));
    if (!types.has('Ingress') || !types.has('Egress')) {
      problems.push(`${id(o)}: not denied by default in both directions`);
    }
  }
  for (const p of policies) {
    // The brokers' policy selects pods of another release (the Kafka cluster) by design.
    if (p.metadata.labels?.['app.kubernetes.io/component'] === 'kafka-brokers') continue;
    if (!pods.some(({ labels }) => matches(p.spec?.podSelector?.matchLabels, labels))) {
      problems.push(`${id(p)}: selects no pod (dangling)`);
    }
  }
  return problems;
}

/** The paths DESIGN.md implies for every service: egress to DNS and to auth's JWKS. */
export function everyServiceReachesAuthAndDns(objects: K8sObject[]): string[] {
  const problems: string[] = [];
  for (const d of objects.filter((o) => o.kind === 'Deployment')) {
    const labels = d.spec?.template?.metadata?.labels ?? {};
    const egress = objects
      .filter(
        (p) => p.kind === 'NetworkPolicy' && matches(p.spec?.podSelector?.matchLabels, labels),
      )
      .flatMap((p) => p.spec?.egress ?? []);
    const ports = egress.flatMap((rule) => (rule.ports ?? []).map((p) => p.port));
    if (!ports.includes(53)) problems.push(`${id(d)}: no egress to DNS`);
    const toAuth = egress.some((rule) =>
      (rule.to ?? []).some(
        (peer) => peer.podSelector?.matchLabels?.['app.kubernetes.io/component'] === 'auth',
      ),
    );
    if (!toAuth) problems.push(`${id(d)}: no egress to auth's JWKS`);
  }
  return problems;
}

/** Topology spread on every Deployment (the prod profile relies on it). */
export function deploymentsSpread(objects: K8sObject[]): string[] {
  return objects
    .filter(
      (o) =>
        o.kind === 'Deployment' &&
        !((o.spec?.template?.spec?.topologySpreadConstraints ?? []).length > 0),
    )
    .map((o) => `${id(o)}: no topologySpreadConstraints`);
}

/** Backing workloads of the dev tree: probes and resources on each container. */
export function workloadsHaveProbesAndResources(objects: K8sObject[]): string[] {
  const problems: string[] = [];
  for (const o of objects) {
    if (!['Deployment', 'StatefulSet'].includes(o.kind)) continue;
    for (const c of o.spec?.template?.spec?.containers ?? []) {
      if (!c.readinessProbe) problems.push(`${id(o)} container ${c.name}: no readinessProbe`);
      if (!c.resources?.requests?.memory || !c.resources?.limits?.memory) {
        problems.push(`${id(o)} container ${c.name}: no memory request and limit`);
      }
    }
  }
  return problems;
}
