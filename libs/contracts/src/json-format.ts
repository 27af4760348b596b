const PRINT_WIDTH = 100;
const INDENT = '  ';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isEmptyOrScalar(value: Json): boolean {
  if (Array.isArray(value)) return value.length === 0;
  if (value !== null && typeof value === 'object') return Object.keys(value).length === 0;
  return true;
}

function print(value: Json, indent: string, lineStart: number, trailer: number): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every(isEmptyOrScalar)) {
      const flat = `[${value.map((item) => JSON.stringify(item)).join(', ')}]`;
      if (lineStart + flat.length + trailer <= PRINT_WIDTH) return flat;
    }
    const inner = indent + INDENT;
    const items = value.map(
      (item, index) => inner + print(item, inner, inner.length, index < value.length - 1 ? 1 : 0),
    );
    return `[\n${items.join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    const inner = indent + INDENT;
    const members = entries.map(([key, member], index) => {
      const head = `${inner}${JSON.stringify(key)}: `;
      return head + print(member, inner, head.length, index < entries.length - 1 ? 1 : 0);
    });
    return `{\n${members.join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

/**
 * JSON laid out the way Prettier lays it out with this repository's settings (objects expanded,
 * arrays of scalars on one line when they fit in 100 columns), ending in a newline. A generated
 * file written by `JSON.stringify` would be rewritten by `prettier --write` and then differ from
 * the generator's output; this way the generator and `format:check` agree. Arrays of numbers,
 * which Prettier fills rather than lists, are not handled: the generated documents have none.
 */
export function formatJson(value: unknown): string {
  // A round trip drops `undefined` members and turns the value into plain JSON data.
  const json = JSON.parse(JSON.stringify(value)) as Json;
  return `${print(json, '', 0, 0)}\n`;
}
