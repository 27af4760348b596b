import { describe, expect, it } from 'vitest';
import { problemSchema } from './problem.schema.js';

describe('problemSchema', () => {
  const problem = {
    type: 'about:blank',
    title: 'Bad Request',
    status: 400,
    code: 'REQUEST.INVALID',
    errors: [{ path: 'lines.0.quantity', message: 'must be at most 99' }],
  };

  it('accepts RFC 9457 problem details with a stable code', () => {
    expect(problemSchema.parse(problem)).toEqual(problem);
  });

  it.each([
    ['a lowercase code', { ...problem, code: 'order.not_found' }],
    ['a code without an area', { ...problem, code: 'NOT_FOUND' }],
    ['a success status', { ...problem, status: 200 }],
    ['an unknown member', { ...problem, stack: 'Error: ...' }],
  ])('refuses %s', (_, body) => {
    expect(problemSchema.safeParse(body).success).toBe(false);
  });
});
