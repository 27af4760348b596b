import { setTimeout as sleep } from 'node:timers/promises';
import type { Admin, Consumer, EachMessagePayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { deadLetterTopic, type EventEnvelope } from '@shop/contracts';
import { deadLetterHeaders, headersToStrings } from '../headers.js';
import { ensureTopics } from '../topics.js';
import { recordConsumed, reportConsumerLag } from '../metrics.js';
import { withConsumerSpan } from '../trace.js';
import { decode } from './decode.js';
import {
  defaultRetryPolicy,
  NonRetryableError,
  retryDelayMs,
  type RetryPolicy,
} from './retry-policy.js';

/** Where a message came from, for handlers that want it (logging, metrics). */
export interface MessageContext {
  topic: string;
  partition: number;
  offset: string;
  headers: Record<string, string>;
  attempt: number;
}

export type EventHandler = (event: EventEnvelope, context: MessageContext) => Promise<void>;

export interface EventConsumerOptions {
  kafka: Kafka;
  /** One group per consuming service: also names its dead-letter topics. */
  groupId: string;
  topics: string[];
  /** The handler for an event type, or undefined to skip that type. */
  handlerFor: (eventType: string) => EventHandler | undefined;
  retry?: RetryPolicy;
  partitionsPerTopic?: number;
  logger?: { warn(message: string): void; error(message: string): void };
  /** Outcome of each message, for metrics. */
  onOutcome?: (
    outcome: 'handled' | 'skipped' | 'dead-lettered',
    topic: string,
    eventType: string,
  ) => void;
}

/**
 * Consumes events with at-least-once delivery and never lets one message block its partition:
 * an unreadable message is dead-lettered at once; a failing handler is retried with backoff a
 * bounded number of times, then dead-lettered with the error in its headers. The offset moves
 * on only after the handler succeeded or the dead-letter topic acknowledged the message.
 */
export class EventConsumer {
  private readonly consumer: Consumer;
  private readonly producer: Producer;
  private readonly retry: RetryPolicy;
  private admin?: Admin;
  private started = false;

  constructor(private readonly options: EventConsumerOptions) {
    this.retry = options.retry ?? defaultRetryPolicy;
    this.consumer = options.kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      allowAutoTopicCreation: false,
    });
    this.producer = options.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
    });
  }

  async start(): Promise<void> {
    const { kafka, topics, groupId } = this.options;
    await ensureTopics(
      kafka,
      [...topics, ...topics.map((topic) => deadLetterTopic(topic, groupId))],
      { partitions: this.options.partitionsPerTopic },
    );
    await this.producer.connect();
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning: true });
    await this.consumer.run({
      autoCommit: true,
      autoCommitInterval: 500,
      eachMessage: (payload) => this.handle(payload),
    });
    this.admin = kafka.admin();
    await this.admin.connect();
    reportConsumerLag(groupId, topics, () => this.admin);
    this.started = true;
  }

  /** Commits what was handled and leaves the group, so the partitions move to another member now. */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    const admin = this.admin;
    this.admin = undefined;
    await this.consumer.disconnect();
    await this.producer.disconnect();
    await admin?.disconnect();
  }

  /** The underlying KafkaJS consumer (events such as GROUP_JOIN, for tests and health). */
  get raw(): Consumer {
    return this.consumer;
  }

  private outcome(
    outcome: 'handled' | 'skipped' | 'dead-lettered',
    topic: string,
    eventType: string,
  ): void {
    recordConsumed(topic, eventType, outcome);
    this.options.onOutcome?.(outcome, topic, eventType);
  }

  private async handle(payload: EachMessagePayload): Promise<void> {
    const { topic, partition, message } = payload;
    const decoded = decode(message.value);
    if (decoded.kind === 'unreadable') {
      await this.deadLetter(topic, partition, message, 'unreadable', decoded.reason, 0);
      this.outcome('dead-lettered', topic, 'unknown');
      return;
    }
    const { envelope } = decoded;
    const handler = this.options.handlerFor(envelope.type);
    if (!handler) {
      this.outcome('skipped', topic, envelope.type);
      return;
    }
    const headers = headersToStrings(message.headers);
    const spanInfo = {
      topic,
      eventType: envelope.type,
      eventId: envelope.id,
      key: envelope.subject,
      group: this.options.groupId,
    };
    let lastError: Error = new Error('not attempted');
    let attempts = 0;
    for (let attempt = 1; attempt <= this.retry.attempts; attempt++) {
      attempts = attempt;
      try {
        await withConsumerSpan(spanInfo, headers, () =>
          handler(envelope, { topic, partition, offset: message.offset, headers, attempt }),
        );
        this.outcome('handled', topic, envelope.type);
        return;
      } catch (error) {
        lastError = error instanceof Error ? error : new Error(String(error));
        if (lastError instanceof NonRetryableError || attempt === this.retry.attempts) break;
        this.options.logger?.warn(
          `${envelope.type} ${envelope.id} failed (attempt ${attempt}/${this.retry.attempts}): ${lastError.message}`,
        );
        await sleep(retryDelayMs(this.retry, attempt));
        await payload.heartbeat();
      }
    }
    await this.deadLetter(topic, partition, message, 'handler-failed', lastError.message, attempts);
    this.outcome('dead-lettered', topic, envelope.type);
  }

  /** Resolves only once the dead-letter topic has the message: then, and only then, it is safe to move on. */
  private async deadLetter(
    topic: string,
    partition: number,
    message: KafkaMessage,
    reason: string,
    error: string,
    attempts: number,
  ): Promise<void> {
    const target = deadLetterTopic(topic, this.options.groupId);
    this.options.logger?.error(
      `dead-lettering ${topic}[${partition}]@${message.offset} to ${target}: ${reason}: ${error}`,
    );
    await this.producer.send({
      topic: target,
      acks: -1,
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: {
            ...message.headers,
            [deadLetterHeaders.reason]: reason,
            [deadLetterHeaders.error]: error.slice(0, 2000),
            [deadLetterHeaders.topic]: topic,
            [deadLetterHeaders.partition]: String(partition),
            [deadLetterHeaders.offset]: message.offset,
            [deadLetterHeaders.group]: this.options.groupId,
            [deadLetterHeaders.attempts]: String(attempts),
            [deadLetterHeaders.failedAt]: new Date().toISOString(),
          },
        },
      ],
    });
  }
}
