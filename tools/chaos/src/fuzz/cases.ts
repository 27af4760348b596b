/**
 * Requests made from one operation of an OpenAPI document: a plausible request with one thing
 * made hostile (the body, a field, a path id, a query parameter, a header), drawn from a seeded
 * generator so that every run sends the same ones.
 */
import type { Operation, Parameter, Schema } from './openapi.ts';
import type { Prng } from './prng.ts';
import {
  boundaryValues,
  hostileValue,
  RawJson,
  sample,
  toJsonText,
  uuidFrom,
  wrongType,
  type Fixtures,
} from './values.ts';

export type Caller = 'none' | 'customer' | 'admin' | 'garbage';

export interface FuzzCase {
  operation: string;
  family: Family;
  method: string;
  /** Path and query, relative to the base URL, encoded as it goes on the wire. */
  path: string;
  headers: Record<string, string>;
  body?: string;
  caller: Caller;
  /** The request may end the connection (an oversize body): send it on one of its own. */
  fresh?: boolean;
}

export const FAMILIES = [
  'plausible',
  'malformed-json',
  'content-type',
  'not-an-object',
  'wrong-type',
  'missing-required',
  'boundary',
  'hostile-field',
  'unknown-field',
  'deep-nesting',
  'prototype-pollution',
  'oversize-body',
  'path-id',
  'query',
  'header',
] as const;
export type Family = (typeof FAMILIES)[number];

export interface CaseContext {
  fixtures: Fixtures;
  /** Bytes a body may have at this door: the oversize family sends more. */
  bodyLimitBytes: number;
}

const MALFORMED_JSON = [
  '{',
  '{"a":',
  '{"a":1}}',
  'not json',
  "{'sku':'A1'}",
  '{"sku":"A1",}',
  '[1,2',
  '{"a":NaN}',
  '{"a":undefined}',
  '\u0000',
  '\ufeff{}',
  '{"a":"\\x41"}',
  '{"a":"\\ud800"}',
  '""',
  ' ',
];

const CONTENT_TYPES = [
  'text/plain',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'multipart/form-data; boundary=x',
  'application/json; charset=utf-16',
  'application/json; charset=nonsense',
  'application/jsonx',
  'image/png',
  '',
];

const BAD_IDS = [
  'not-an-id',
  '0',
  '-1',
  '1e9',
  'a'.repeat(2_000),
  '..',
  '../admin/orders',
  '..%2F..%2Fadmin%2Forders',
  '%2e%2e%2f',
  '%00',
  '%',
  '%ZZ',
  'null',
  'undefined',
  '{id}',
  '%7B%22%24gt%22%3A%22%22%7D',
  "'%20OR%201=1%20--",
  '%F0%9F%98%80',
  '%E2%80%AE',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  'FFFFFFFFFFFFFFFFFFFFFFFF',
  'A'.repeat(65),
  'a;b',
  '*',
  '__proto__',
];

const BAD_QUERY = [
  '',
  '-1',
  '0',
  '1.5',
  'abc',
  '1e999',
  'NaN',
  '9'.repeat(40),
  'a'.repeat(3_000),
  '%00',
  '%ZZ',
  '%F0%9F%98%80',
  '__proto__',
  'true',
  '%5B%5D',
];

const BAD_HEADERS: readonly [string, readonly string[]][] = [
  [
    'idempotency-key',
    ['', 'short', 'x'.repeat(200), '../../x', 'a b c d e f g h', '%00%00%00%00%00'],
  ],
  ['if-match', ['', '*', 'W/"1"', '"-1"', '"abc"', '"1", "2"', '1', `"${'9'.repeat(40)}"`]],
  ['accept', ['application/xml', 'text/event-stream', '*/*;q=abc', 'x'.repeat(500)]],
  [
    'authorization',
    [
      'Bearer',
      'Bearer ',
      `Bearer ${'a'.repeat(8_000)}`,
      'Basic Zm9vOmJhcg==',
      'bearer a.b.c',
      'Bearer a.b',
    ],
  ],
  ['content-type', ['application/json; charset=utf-8; boundary=x', 'application/merge-patch+json']],
  ['x-request-id', ['x'.repeat(500), '../../etc', '%00']],
];

/** Percent-encodes what may not appear in a request target, and leaves `%`, `..`, `/` as written. */
function raw(value: string): string {
  return value.replace(/[^\x21-\x7e]/g, (char) => encodeURIComponent(char));
}

function pathFixture(name: string, path: string, fixtures: Fixtures): string {
  if (name === 'sku') return fixtures.sku;
  if (path.startsWith('/orders')) return fixtures.orderId;
  return fixtures.productId;
}

interface Draft {
  pathValues: Record<string, string>;
  query: [string, string][];
  headers: Record<string, string>;
  body?: unknown;
  bodyText?: string;
  caller: Caller;
  fresh?: boolean;
}

function plausible(op: Operation, ctx: CaseContext, rng: Prng): Draft {
  const pathValues: Record<string, string> = {};
  const query: [string, string][] = [];
  const headers: Record<string, string> = {};
  for (const parameter of op.parameters) {
    if (parameter.in === 'path') {
      pathValues[parameter.name] = pathFixture(parameter.name, op.path, ctx.fixtures);
    } else if (parameter.in === 'query' && (parameter.required || rng.chance(0.3))) {
      // Query values are kept as they go on the wire: a plausible one encoded, a hostile one raw.
      const value = String(sample(parameter.schema, parameter.name, ctx.fixtures, rng));
      query.push([parameter.name, encodeURIComponent(value)]);
    } else if (parameter.in === 'header' && (parameter.required || rng.chance(0.5))) {
      headers[parameter.name.toLowerCase()] = headerSample(parameter.name, rng);
    }
  }
  const draft: Draft = {
    pathValues,
    query,
    headers,
    caller: op.admin ? 'admin' : op.secured ? 'customer' : 'none',
  };
  if (op.body && (op.body.required || rng.chance(0.5))) {
    draft.body = sample(op.body.schema, '', ctx.fixtures, rng);
  }
  return draft;
}

function headerSample(name: string, rng: Prng): string {
  const lower = name.toLowerCase();
  if (lower === 'idempotency-key') return uuidFrom(rng);
  if (lower === 'if-match') return '"1"';
  if (lower === 'last-event-id') return '1';
  return 'fuzz';
}

function properties(schema: Schema | undefined): [string, Schema][] {
  return Object.entries(schema?.properties ?? {});
}

function mutateField(
  op: Operation,
  draft: Draft,
  rng: Prng,
  make: (schema: Schema) => unknown,
): void {
  const fields = properties(op.body?.schema);
  const body: Record<string, unknown> =
    draft.body && typeof draft.body === 'object' && !Array.isArray(draft.body)
      ? { ...(draft.body as Record<string, unknown>) }
      : {};
  if (fields.length === 0) {
    body[rng.pick(['name', 'id', 'value', 'data'])] = make({});
  } else {
    const [name, schema] = rng.pick(fields);
    body[name] = make(schema);
  }
  draft.body = body;
}

function mutateBody(
  family: Family,
  op: Operation,
  draft: Draft,
  ctx: CaseContext,
  rng: Prng,
): void {
  switch (family) {
    case 'malformed-json':
      draft.bodyText = rng.pick(MALFORMED_JSON);
      return;
    case 'content-type': {
      draft.bodyText = toJsonText(draft.body ?? {});
      const type = rng.pick(CONTENT_TYPES);
      if (type === 'application/xml') draft.bodyText = '<?xml version="1.0"?><a><b>1</b></a>';
      if (type === 'application/x-www-form-urlencoded')
        draft.bodyText = 'sku=A1&quantity=1&role=admin';
      draft.headers['content-type'] = type;
      return;
    }
    case 'not-an-object':
      draft.body = rng.pick<unknown>([
        null,
        [],
        'string',
        42,
        true,
        [draft.body],
        new RawJson('1e999'),
      ]);
      return;
    case 'wrong-type':
      mutateField(op, draft, rng, (schema) => wrongType(schema, rng));
      return;
    case 'missing-required': {
      const body = { ...((draft.body as Record<string, unknown> | undefined) ?? {}) };
      const required = op.body?.schema.required ?? [];
      if (required.length > 0) delete body[rng.pick(required)];
      else for (const key of Object.keys(body)) delete body[key];
      draft.body = body;
      return;
    }
    case 'boundary':
      mutateField(op, draft, rng, (schema) => {
        const values = boundaryValues(schema);
        return values.length > 0 ? rng.pick(values) : hostileValue(rng);
      });
      return;
    case 'hostile-field':
      mutateField(op, draft, rng, () => hostileValue(rng));
      return;
    case 'unknown-field':
      draft.body = {
        ...(draft.body ?? {}),
        [rng.pick(['role', 'roles', 'status', 'price', 'customerId', 'id', 'version', 'isAdmin'])]:
          rng.pick<unknown>(['admin', ['admin'], 'CONFIRMED', 0, uuidFrom(rng), 99, true]),
      };
      return;
    case 'deep-nesting': {
      const levels = rng.pick([100, 1_000, 5_000, 10_000]);
      draft.bodyText = `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
      if (draft.bodyText.length > ctx.bodyLimitBytes)
        draft.bodyText = `${'['.repeat(levels)}${']'.repeat(levels)}`;
      return;
    }
    case 'prototype-pollution':
      draft.bodyText = rng.pick([
        '{"__proto__":{"admin":true,"roles":["admin"]}}',
        '{"constructor":{"prototype":{"admin":true}}}',
        `{"sku":"${ctx.fixtures.sku}","quantity":1,"__proto__":{"quantity":99}}`,
        '{"__proto__":null}',
      ]);
      return;
    case 'oversize-body':
      draft.bodyText = JSON.stringify({
        padding: 'x'.repeat(ctx.bodyLimitBytes + rng.int(1, 4_096)),
      });
      draft.fresh = true;
      return;
    default:
      return;
  }
}

function mutateParameter(family: Family, op: Operation, draft: Draft, rng: Prng): boolean {
  const wanted: Parameter['in'] =
    family === 'path-id' ? 'path' : family === 'query' ? 'query' : 'header';
  const candidates = op.parameters.filter((p) => p.in === wanted);
  if (family === 'path-id') {
    const parameter = candidates.length > 0 ? rng.pick(candidates) : undefined;
    if (!parameter) return false;
    draft.pathValues[parameter.name] = rng.pick(BAD_IDS);
    return true;
  }
  if (family === 'query') {
    const name =
      candidates.length > 0 && rng.chance(0.85)
        ? rng.pick(candidates).name
        : rng.pick(['__proto__', 'constructor', 'unknown', 'limit[]', 'limit[$gt]']);
    const value = raw(rng.pick(BAD_QUERY));
    draft.query.push([name, value]);
    if (rng.chance(0.2)) draft.query.push([name, value]);
    return true;
  }
  const [header, values] = rng.pick(BAD_HEADERS);
  draft.headers[header] = rng.pick(values);
  if (header === 'authorization') draft.caller = 'none';
  return true;
}

function render(op: Operation, family: Family, draft: Draft): FuzzCase {
  let path = op.path.replace(/\{([^}]+)\}/g, (_m, name: string) =>
    raw(draft.pathValues[name] ?? 'x'),
  );
  if (draft.query.length > 0) {
    path += `?${draft.query.map(([name, value]) => `${raw(name)}=${value}`).join('&')}`;
  }
  const headers = { ...draft.headers };
  let body = draft.bodyText;
  if (body === undefined && draft.body !== undefined) body = toJsonText(draft.body);
  if (body !== undefined && !('content-type' in headers))
    headers['content-type'] = 'application/json';
  if (headers['content-type'] === '') delete headers['content-type'];
  return {
    operation: op.id,
    family,
    method: op.method,
    path,
    headers,
    body,
    caller: draft.caller,
    fresh: draft.fresh,
  };
}

const BODY_FAMILIES = new Set<Family>([
  'malformed-json',
  'content-type',
  'not-an-object',
  'wrong-type',
  'missing-required',
  'boundary',
  'hostile-field',
  'unknown-field',
  'deep-nesting',
  'prototype-pollution',
  'oversize-body',
]);

/** The families that make sense for `op`: body ones only where a body goes. */
export function familiesFor(op: Operation): Family[] {
  const takesBody = op.body !== undefined || ['POST', 'PUT', 'PATCH'].includes(op.method);
  const hasPath = op.parameters.some((p) => p.in === 'path');
  return FAMILIES.filter((family) => {
    if (BODY_FAMILIES.has(family)) return takesBody;
    if (family === 'path-id') return hasPath;
    return true;
  });
}

/**
 * The `index`th request for `op`: the first ones go through every family once (so a short run
 * still tries each), the rest draw a family at random.
 */
export function fuzzCase(op: Operation, index: number, ctx: CaseContext, rng: Prng): FuzzCase {
  const families = familiesFor(op);
  const family = index < families.length ? families[index] : rng.pick(families);
  const draft = plausible(op, ctx, rng);
  if (BODY_FAMILIES.has(family)) mutateBody(family, op, draft, ctx, rng);
  else if (family !== 'plausible') mutateParameter(family, op, draft, rng);
  if (draft.caller !== 'none' && rng.chance(0.05))
    draft.caller = rng.pick(['none', 'garbage'] as const);
  return render(op, family, draft);
}
