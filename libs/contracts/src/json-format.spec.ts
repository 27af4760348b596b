import { describe, expect, it } from 'vitest';
import { formatJson } from './json-format.js';

describe('formatJson', () => {
  it('expands objects and keeps short arrays of scalars on one line', () => {
    expect(formatJson({ a: { b: 1 }, list: ['x', 'y'], empty: [], none: {} })).toBe(
      '{\n  "a": {\n    "b": 1\n  },\n  "list": ["x", "y"],\n  "empty": [],\n  "none": {}\n}\n',
    );
  });

  it('puts one item per line when the array does not fit in 100 columns', () => {
    const list = Array.from({ length: 10 }, (_, index) => `item-number-${index}`);
    expect(formatJson({ list })).toBe(
      `{\n  "list": [\n${list.map((item) => `    "${item}"`).join(',\n')}\n  ]\n}\n`,
    );
  });

  it('counts the trailing comma when deciding whether an array fits', () => {
    // 2 indent + `"k": ` (5) + array (92) = 99 columns; the comma makes it 100, still fitting.
    const fits = ['a'.repeat(88)];
    expect(formatJson({ k: fits, z: 1 })).toContain(`"k": ["${fits[0]}"],`);
    const tooLong = ['a'.repeat(89)];
    expect(formatJson({ k: tooLong, z: 1 })).toContain('"k": [\n');
  });

  it('round-trips to the same data', () => {
    const value = { a: [{ b: [1, 'two', null, true] }], c: 'd"e' };
    expect(JSON.parse(formatJson(value))).toEqual(value);
  });
});
