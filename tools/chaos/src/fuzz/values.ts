/**
 * What the fuzzer puts where a value goes: a plausible one derived from the schema (so that the
 * other fields of a request pass and the bad one is what the service meets), and the hostile
 * ones — boundaries, wrong types, injections, unicode, numbers JSON cannot even carry.
 */
import type { Prng } from './prng.ts';
import type { Schema } from './openapi.ts';

/** JSON text placed as is where a value goes: `NaN`, `1e999`, a lone `-`. */
export class RawJson {
  constructor(readonly text: string) {}
}

/** Real ids and values of the running platform, so that a request can get past "not found". */
export interface Fixtures {
  sku: string;
  productId: string;
  orderId: string;
  categoryId: string;
  refreshToken: string;
}

const deep = (levels: number): string => `${'['.repeat(levels)}${']'.repeat(levels)}`;

export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  '\t\n',
  'a'.repeat(300),
  'a'.repeat(20_000),
  '😀'.repeat(200),
  '\u202eevil\u202c',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'Ω≈ç√∫˜µ≤≥÷',
  'ﷺ'.repeat(50),
  '<script>alert(1)</script>',
  "' OR '1'='1' --",
  '{"$gt":""}',
  '$where',
  '../../../../etc/passwd',
  '%00',
  '%s%s%s%n',
  '${jndi:ldap://127.0.0.1/x}',
  'NaN',
  'Infinity',
  '-1',
  '1e999',
  'null',
  'true',
  '__proto__',
  'constructor',
];

export const HOSTILE_NUMBERS: readonly (number | RawJson)[] = [
  -1,
  0,
  -0,
  1.5,
  0.1,
  2 ** 31,
  2 ** 53 + 2,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  1e-300,
  new RawJson('1e999'),
  new RawJson('-1e999'),
  new RawJson('1E+400'),
  new RawJson('0.00000000000000000000000000000000000000000000001'),
  new RawJson('123456789012345678901234567890'),
];

export const HOSTILE_OTHERS: readonly unknown[] = [
  null,
  true,
  false,
  [],
  {},
  [null],
  [[[[]]]],
  { a: { b: { c: {} } } },
  new RawJson(deep(2_000)),
  new RawJson('{"__proto__":{"polluted":true}}'),
  new RawJson('{"constructor":{"prototype":{"polluted":true}}}'),
];

/** Any hostile value: a string, a number or something else. */
export function hostileValue(rng: Prng): unknown {
  const family = rng.int(0, 2);
  if (family === 0) return rng.pick(HOSTILE_STRINGS);
  if (family === 1) return rng.pick(HOSTILE_NUMBERS);
  return rng.pick(HOSTILE_OTHERS);
}

function typeOf(schema: Schema): string | undefined {
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (type) return type;
  if (schema.properties) return 'object';
  if (schema.items) return 'array';
  return undefined;
}

/** A hostile value of another JSON type than the schema asks for. */
export function wrongType(schema: Schema, rng: Prng): unknown {
  const type = typeOf(schema);
  const pool: unknown[] = [];
  if (type !== 'string') pool.push(...HOSTILE_STRINGS.slice(0, 8), 'abc');
  if (type !== 'number' && type !== 'integer') pool.push(...HOSTILE_NUMBERS.slice(0, 6));
  if (type !== 'object') pool.push({}, { nested: { x: 1 } });
  if (type !== 'array') pool.push([], [1, 2, 3]);
  pool.push(null, true);
  return rng.pick(pool);
}

/** Values at and just beyond the schema's own bounds. */
export function boundaryValues(schema: Schema): unknown[] {
  const type = typeOf(schema);
  const values: unknown[] = [];
  if (type === 'string') {
    const min = schema.minLength ?? 0;
    values.push('', 'a'.repeat(Math.max(0, min - 1)), 'a'.repeat(min));
    if (schema.maxLength !== undefined) {
      values.push('a'.repeat(schema.maxLength), 'a'.repeat(schema.maxLength + 1));
      values.push('é'.repeat(schema.maxLength + 1));
    }
  } else if (type === 'integer' || type === 'number') {
    for (const bound of [schema.minimum, schema.maximum, schema.exclusiveMinimum]) {
      if (bound !== undefined) values.push(bound - 1, bound, bound + 1, bound + 0.5);
    }
    values.push(0, -1, 2 ** 63);
  } else if (type === 'array') {
    values.push(
      [],
      Array.from({ length: (schema.maxItems ?? 100) + 1 }, () => 'A1'),
    );
  } else if (type === 'object') {
    values.push({}, { unknownField: 1 });
  }
  return values;
}

function fixtureFor(name: string, fixtures: Fixtures): unknown {
  switch (name) {
    case 'sku':
      return fixtures.sku;
    case 'skus':
      return [fixtures.sku];
    case 'categoryId':
      return fixtures.categoryId;
    case 'refreshToken':
      return fixtures.refreshToken;
    case 'currency':
      return 'EUR';
    default:
      return undefined;
  }
}

function sampleString(schema: Schema, rng: Prng): string {
  switch (schema.format) {
    case 'email':
      return `fuzz-${rng.int(0, 1e9)}@chaos.test`;
    case 'uuid':
      return uuidFrom(rng);
    case 'date-time':
      return new Date(Date.UTC(2026, 0, 1 + rng.int(0, 300))).toISOString();
    default:
      break;
  }
  if (schema.pattern?.includes('A-Z0-9')) return 'FUZZ-1';
  const min = schema.minLength ?? 1;
  const max = schema.maxLength ?? 40;
  return 'fuzz value with words'.padEnd(min, 'z').slice(0, Math.max(min, Math.min(max, 21)));
}

function sampleNumber(schema: Schema, integer: boolean): number {
  const min = schema.minimum ?? (schema.exclusiveMinimum ?? 0) + 1;
  const max = schema.maximum ?? min + 100;
  const value = Math.min(Math.max(1, min), max);
  return integer ? Math.ceil(value) : value;
}

/** A UUID (v4 layout) drawn from the generator, so that runs repeat. */
export function uuidFrom(rng: Prng): string {
  const hex = Array.from({ length: 32 }, () => rng.int(0, 15).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/** A value the schema accepts (as far as these keywords go), with real ids where names say so. */
export function sample(
  schema: Schema,
  name: string,
  fixtures: Fixtures,
  rng: Prng,
  depth = 0,
): unknown {
  const fixture = fixtureFor(name, fixtures);
  if (fixture !== undefined) return fixture;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return rng.pick(schema.enum);
  const choice = schema.anyOf ?? schema.oneOf;
  if (choice?.length) {
    const options = choice.filter((option) => typeOf(option) !== 'null');
    return sample(rng.pick(options.length ? options : choice), name, fixtures, rng, depth);
  }
  if (schema.allOf?.[0]) return sample(schema.allOf[0], name, fixtures, rng, depth);
  if (schema.default !== undefined && rng.chance(0.3)) return schema.default;
  switch (typeOf(schema)) {
    case 'object':
      return depth > 4 ? {} : sampleObject(schema, fixtures, rng, depth);
    case 'array': {
      const count = Math.max(schema.minItems ?? 0, 1);
      return Array.from({ length: count }, () =>
        sample(schema.items ?? {}, name, fixtures, rng, depth + 1),
      );
    }
    case 'string':
      return sampleString(schema, rng);
    case 'integer':
      return sampleNumber(schema, true);
    case 'number':
      return sampleNumber(schema, false);
    case 'boolean':
      return true;
    default:
      return 'fuzz';
  }
}

function sampleObject(schema: Schema, fixtures: Fixtures, rng: Prng, depth: number): object {
  const required = new Set(schema.required ?? []);
  const value: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    if (required.has(key) || rng.chance(0.5)) {
      value[key] = sample(property, key, fixtures, rng, depth + 1);
    }
  }
  return value;
}

/** JSON text of `value`, with each `RawJson` written as its own text. */
export function toJsonText(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, item: unknown) => {
    if (item instanceof RawJson) {
      raws.push(item.text);
      return `\u0001RAW${raws.length - 1}\u0001`;
    }
    return item;
  });
  return text.replace(
    /"\\u0001RAW(\d+)\\u0001"/g,
    (_match, index: string) => raws[Number(index)] ?? 'null',
  );
}
