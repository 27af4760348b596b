import { describe, expect, it } from 'vitest';
import { rebaseProblemInstance } from './problem-instance.js';

const rebase = (body: string) => rebaseProblemInstance(Buffer.from(body), '/api/v1').toString();

describe('rebaseProblemInstance', () => {
  it("puts the service's path under the gateway prefix, keeping every other field", () => {
    expect(JSON.parse(rebase('{"status":404,"code":"X.Y","instance":"/orders/o-1"}'))).toEqual({
      status: 404,
      code: 'X.Y',
      instance: '/api/v1/orders/o-1',
    });
  });

  it('leaves anything else as it came', () => {
    for (const body of ['{broken', '[]', 'null', '{"code":"X.Y"}', '{"instance":"urn:x"}']) {
      expect(rebase(body)).toBe(body);
    }
    expect(rebase('{"instance":"//other.example/x"}')).toBe('{"instance":"//other.example/x"}');
  });
});
