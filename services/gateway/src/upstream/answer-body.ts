import type { Readable } from 'node:stream';

/** Larger than any answer a service gives (a page of 100 products is about 60 KB). */
export const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

/** Reading an answer's body stopped: too large, or too slow. */
export class AnswerBodyError extends Error {
  constructor(readonly code: 'UND_ERR_RES_EXCEEDED_MAX_SIZE' | 'UND_ERR_BODY_TIMEOUT') {
    super(code === 'UND_ERR_BODY_TIMEOUT' ? 'answer body too slow' : 'answer body too large');
    this.name = 'AnswerBodyError';
  }
}

/**
 * The whole body of an answer, at most `maxBytes`, within `timeoutMs` when given. Past either,
 * the body is destroyed (which frees its connection) and the read fails.
 */
export async function readBody(
  body: Readable,
  options: { maxBytes?: number; timeoutMs?: number } = {},
): Promise<Buffer> {
  const maxBytes = options.maxBytes ?? MAX_ANSWER_BYTES;
  const timer =
    options.timeoutMs === undefined
      ? undefined
      : setTimeout(
          () => body.destroy(new AnswerBodyError('UND_ERR_BODY_TIMEOUT')),
          options.timeoutMs,
        );
  try {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of body) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
      size += buffer.length;
      if (size > maxBytes) {
        const error = new AnswerBodyError('UND_ERR_RES_EXCEEDED_MAX_SIZE');
        body.destroy(error);
        throw error;
      }
      chunks.push(buffer);
    }
    return Buffer.concat(chunks, size);
  } finally {
    clearTimeout(timer);
  }
}
