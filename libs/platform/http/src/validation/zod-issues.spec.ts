import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { standardIssuesToFieldErrors, toFieldErrors } from './zod-issues.js';

const Order = z.strictObject({
  items: z.array(z.strictObject({ sku: z.string(), quantity: z.number().int() })),
});

describe('toFieldErrors', () => {
  it('names the path of each issue, and each unknown field on its own', () => {
    const result = Order.safeParse({ items: [{ sku: 1, quantity: 1, price: 2 }], admin: true });
    expect(result.success).toBe(false);
    expect(toFieldErrors(result.error?.issues ?? [])).toEqual(
      expect.arrayContaining([
        { path: 'items.0.sku', message: expect.any(String) as unknown },
        { path: 'items.0.price', message: 'Unknown field' },
        { path: 'admin', message: 'Unknown field' },
      ]),
    );
  });

  it('prefixes the location of the argument', () => {
    const result = z.uuid().safeParse('42');
    expect(toFieldErrors(result.error?.issues ?? [], ['id'])).toEqual([
      { path: 'id', message: expect.any(String) as unknown },
    ]);
  });
});

describe('standardIssuesToFieldErrors', () => {
  it("reads zod's issues through Standard Schema, unknown fields included", async () => {
    const result = await Order['~standard'].validate({ items: [], extra: 1 });
    expect('issues' in result && standardIssuesToFieldErrors(result.issues ?? [])).toEqual([
      { path: 'extra', message: 'Unknown field' },
    ]);
  });

  it('reads path segments given as objects', () => {
    expect(
      standardIssuesToFieldErrors([{ message: 'bad', path: [{ key: 'a' }, 0, { key: 'b' }] }]),
    ).toEqual([{ path: 'a.0.b', message: 'bad' }]);
  });
});
