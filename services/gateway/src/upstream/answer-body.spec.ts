import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { AnswerBodyError, readBody } from './answer-body.js';
import { classifyError } from './upstream-failure.js';

describe('readBody', () => {
  it('reads the whole body', async () => {
    expect((await readBody(Readable.from([Buffer.from('ab'), Buffer.from('c')]))).toString()).toBe(
      'abc',
    );
  });

  it('stops a body over the limit, as a broken answer', async () => {
    const body = Readable.from([Buffer.alloc(6), Buffer.alloc(6)]);
    const error = await readBody(body, { maxBytes: 10 }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(AnswerBodyError);
    expect(classifyError(error, false)).toBe('bad-response');
    expect(body.destroyed).toBe(true);
  });

  it('stops a body that does not end in time, as a timeout', async () => {
    const body = new PassThrough();
    body.write('partial');
    const error = await readBody(body, { timeoutMs: 20 }).catch((err: unknown) => err);
    expect(classifyError(error, false)).toBe('timeout');
    expect(body.destroyed).toBe(true);
  });
});
