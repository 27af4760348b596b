import type { IHeaders } from 'kafkajs';

/** Kafka header names the platform sets on every event. */
export const eventHeaders = {
  id: 'event-id',
  type: 'event-type',
  version: 'event-version',
  contentType: 'content-type',
  traceparent: 'traceparent',
  tracestate: 'tracestate',
} as const;

/** Headers a dead-lettered message carries, so that an operator can see why and replay it. */
export const deadLetterHeaders = {
  reason: 'dlq-reason',
  error: 'dlq-error',
  topic: 'dlq-original-topic',
  partition: 'dlq-original-partition',
  offset: 'dlq-original-offset',
  group: 'dlq-consumer-group',
  attempts: 'dlq-attempts',
  failedAt: 'dlq-failed-at',
} as const;

/** Kafka headers as plain strings (KafkaJS hands them over as Buffers, arrays or undefined). */
export function headersToStrings(headers: IHeaders | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) result[name] = first.toString();
  }
  return result;
}
