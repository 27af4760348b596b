import { KafkaJSConnectionError } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { isTransientKafkaError } from './unavailable.js';

/** A broker's error code as KafkaJS decodes it: `retriable` comes from its table of codes. */
function protocolError(message: string, retriable: boolean): Error {
  return Object.assign(new Error(message), { name: 'KafkaJSProtocolError', retriable });
}

describe('isTransientKafkaError', () => {
  it('retries what a broker recovers from', () => {
    const spreading = protocolError('This server does not host this topic-partition', true);
    expect(isTransientKafkaError(spreading)).toBe(true);
    expect(isTransientKafkaError(new KafkaJSConnectionError('Connection error'))).toBe(true);
  });

  it('throws at once what the same request would meet again', () => {
    expect(isTransientKafkaError(protocolError('Invalid topic name', false))).toBe(false);
    expect(isTransientKafkaError(new Error('boom'))).toBe(false);
    expect(isTransientKafkaError('boom')).toBe(false);
  });
});
