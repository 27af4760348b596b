import { expect } from 'vitest';
import { problemCode, type Answer } from '../../src/http.ts';

/**
 * Asserts a refusal: this status, `application/problem+json`, this stable `code`. On a mismatch
 * the message shows the whole answer, which is what one needs to see.
 */
export function expectProblem(answer: Answer, status: number, code: string | RegExp): void {
  const seen = `${answer.status} ${answer.contentType} ${answer.text.slice(0, 500)}`;
  expect(answer.status, seen).toBe(status);
  expect(answer.contentType, seen).toMatch(/^application\/problem\+json/);
  const actual = problemCode(answer);
  if (typeof code === 'string') expect(actual, seen).toBe(code);
  else expect(actual, seen).toMatch(code);
}

/** Asserts a success status and returns the body. */
export function expectOk<T>(answer: Answer<T>, ...statuses: number[]): T {
  const seen = `${answer.status} ${answer.text.slice(0, 500)}`;
  expect(statuses.length > 0 ? statuses : [200], seen).toContain(answer.status);
  return answer.json;
}
