import { setTimeout as sleep } from 'node:timers/promises';
import type { Admin, Consumer, EachMessagePayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { deadLetterTopic, type EventEnvelope } from '@shop/contracts';
import { deadLetterHeaders, headersToStrings } from '../headers.js';
import { awaitTopics } from '../await-topics.js';
import { recordConsumed, reportConsumerLag } from '../metrics.js';
import { withConsumerSpan } from '../trace.js';
import { decode } from './decode.js';
import { defaultRetryPolicy, type RetryPolicy } from './retry-policy.js';
import { runWithRetries, type RetryResult } from './run-with-retries.js';

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
  /**
   * How long `start` waits for the topics and their dead-letter topics to exist (default 120 s),
   * logging what it waits for; it never creates them (ADR 0015).
   */
  topicWaitMs?: number;
  logger?: { warn(message: string): void; error(message: string): void };
  /** Outcome of each message, for metrics. */
  onOutcome?: (
    outcome: 'handled' | 'skipped' | 'dead-lettered',
    topic: string,
    eventType: string,
  ) => void;
  /**
   * Called (after an error is logged) if the consumer stops for good while the service runs: a
   * crash KafkaJS does not restart from. Only a restart of the process repairs it.
   */
  onFailure?: (error: Error) => void;
  /**
   * How long `stop` waits for a group join still under way before it disconnects anyway
   * (default 3 s), so that a SIGTERM soon after a restart ends within the shutdown bound.
   */
  joinWaitOnStopMs?: number;
}

const DEFAULT_JOIN_WAIT_ON_STOP_MS = 3_000;

/**
 * Consumes events with at-least-once delivery and never lets one message block its partition:
 * an unreadable message is dead-lettered at once; a failing handler is retried with backoff a
 * bounded number of times, then dead-lettered with the error in its headers. A handler that
 * fails because a dependency is unreachable (`isUnavailable`) is retried until the outage
 * ends or `outageBudgetMs` is spent: a restarting store must not dead-letter every message. The
 * offset moves on only after the handler succeeded or the dead-letter topic acknowledged the
 * message; a consumer stopped mid-retry leaves the message to the member that takes over.
 */
export class EventConsumer {
  private readonly consumer: Consumer;
  private readonly producer: Producer;
  private readonly retry: RetryPolicy;
  private admin?: Admin;
  private started = false;
  /** KafkaJS's `run`: the group join, which `start` does not wait for; never rejects. */
  private joining: Promise<void> = Promise.resolve();
  /** Aborted by `stop`: a message waiting for its next try is left to the next member. */
  private readonly stopping = new AbortController();

  constructor(private readonly options: EventConsumerOptions) {
    this.retry = options.retry ?? defaultRetryPolicy;
    this.consumer = options.kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      allowAutoTopicCreation: false,
      // KafkaJS's default retries. No restart once stopping: a crash then is the disconnect's
      // doing, and a restart would rejoin the group behind the stopped service's back.
      retry: { retries: 5, restartOnFailure: async () => !this.stopping.signal.aborted },
    });
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
      // A crash KafkaJS restarts from, it logs itself; after any other, nothing consumes.
      if (!payload.restart) this.fail(payload.error);
    });
    this.producer = options.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
    });
  }

  /**
   * Resolves once the topics exist (created beforehand by their owner: `start` waits for them, a
   * bounded time, and throws `TopicsMissingError` naming those still missing), the clients are
   * connected and the consumer is subscribed,
   * without waiting for the group join: after a SIGKILL the join waits for the dead member's
   * session to expire (30 s), and the service's HTTP API must not (docs/reliability.md). KafkaJS
   * retries a failed join and restarts after a transient crash; any other crash goes to
   * `onFailure`.
   */
  async start(): Promise<void> {
    const { kafka, topics, groupId } = this.options;
    await awaitTopics(
      kafka,
      [...topics, ...topics.map((topic) => deadLetterTopic(topic, groupId))],
      {
        timeoutMs: this.options.topicWaitMs,
        signal: this.stopping.signal,
        onWait: (missing, waitedMs) =>
          this.options.logger?.warn(
            `consumer of group ${groupId} waits for Kafka topics (${Math.round(waitedMs / 1000)} s so far): ${missing.join(', ')}`,
          ),
      },
    );
    await this.producer.connect();
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning: true });
    this.admin = kafka.admin();
    await this.admin.connect();
    reportConsumerLag(groupId, topics, () => this.admin);
    this.joining = this.consumer
      .run({
        autoCommit: true,
        autoCommitInterval: 500,
        eachMessage: (payload) => this.handle(payload),
      })
      .catch((error: unknown) => this.fail(error));
    this.started = true;
  }

  /**
   * Commits what was handled and leaves the group, so the partitions move to another member now.
   * Stopped during the join, it lets the join end first, for up to `joinWaitOnStopMs`: KafkaJS
   * can only leave a group it has joined. A join that waits out a SIGKILLed member's session
   * (30 s) outlasts any shutdown bound, so the consumer then disconnects mid-join, and the group
   * rebalances when that session and the new member's own expire, as after a crash.
   */
  async stop(): Promise<void> {
    this.stopping.abort();
    if (!this.started) return;
    this.started = false;
    const admin = this.admin;
    this.admin = undefined;
    await this.joinOrGiveUp();
    await this.consumer.disconnect();
    await this.producer.disconnect();
    await admin?.disconnect();
  }

  private async joinOrGiveUp(): Promise<void> {
    const waitMs = this.options.joinWaitOnStopMs ?? DEFAULT_JOIN_WAIT_ON_STOP_MS;
    const joined = await Promise.race([
      this.joining.then(() => true),
      // Unreferenced: a join that ends first must not keep the process up for the rest.
      sleep(waitMs, false, { ref: false }),
    ]);
    if (!joined) {
      this.options.logger?.warn(
        `consumer of group ${this.options.groupId} stopped before its group join ended (waited ${waitMs} ms): the group rebalances once the sessions expire`,
      );
    }
  }

  /** The consumer is dead until the process restarts: say so loudly, unless stopping killed it. */
  private fail(cause: unknown): void {
    if (this.stopping.signal.aborted) return;
    const error = cause instanceof Error ? cause : new Error(String(cause));
    this.options.logger?.error(
      `consumer of group ${this.options.groupId} stopped for good (KafkaJS will not restart it): ${error.message}`,
    );
    this.options.onFailure?.(error);
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
    const result = await this.runHandler(payload, envelope, handler);
    if (result.ok) {
      this.outcome('handled', topic, envelope.type);
      return;
    }
    const { error, attempts } = result;
    await this.deadLetter(topic, partition, message, 'handler-failed', error.message, attempts);
    this.outcome('dead-lettered', topic, envelope.type);
  }

  /** Each try in its own span; an outage is waited out, other failures retried a few times. */
  private runHandler(
    payload: EachMessagePayload,
    envelope: EventEnvelope,
    handler: EventHandler,
  ): Promise<RetryResult> {
    const { topic, partition, message } = payload;
    const headers = headersToStrings(message.headers);
    const spanInfo = {
      topic,
      eventType: envelope.type,
      eventId: envelope.id,
      key: envelope.subject,
      group: this.options.groupId,
    };
    const context = { topic, partition, offset: message.offset, headers };
    return runWithRetries(
      (attempt) =>
        withConsumerSpan(spanInfo, headers, () => handler(envelope, { ...context, attempt })),
      {
        policy: this.retry,
        label: `${envelope.type} ${envelope.id}`,
        signal: this.stopping.signal,
        heartbeat: () => payload.heartbeat(),
        warn: (line) => this.options.logger?.warn(line),
      },
    );
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
