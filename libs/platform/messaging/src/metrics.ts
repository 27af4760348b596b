import type { Admin } from 'kafkajs';
import { metrics } from '@shop/platform-telemetry';

/** What the outbox metrics read on each scrape: the relay running in this process. */
export interface OutboxGauges {
  pending(): Promise<number>;
  oldestAgeSeconds(): Promise<number>;
}

let currentRelay: OutboxGauges | undefined;

/** Points the outbox gauges at the relay that runs in this process (one per service). */
export function reportOutbox(relay: OutboxGauges | undefined): void {
  currentRelay = relay;
  metrics.gauge(
    'outbox_pending_events',
    'Events committed to the outbox and not yet acknowledged by Kafka.',
    [],
    async (gauge) => {
      if (currentRelay) gauge.set(await currentRelay.pending());
    },
  );
  metrics.gauge(
    'outbox_oldest_event_age_seconds',
    'Age of the oldest unpublished outbox event: the relay lag.',
    [],
    async (gauge) => {
      if (currentRelay) gauge.set(await currentRelay.oldestAgeSeconds());
    },
  );
}

export function recordPublished(latenciesMs: number[]): void {
  metrics
    .counter('outbox_published_events_total', 'Outbox events acknowledged by Kafka.')
    .inc(latenciesMs.length);
  const histogram = metrics.histogram(
    'outbox_commit_to_publish_seconds',
    'Time from an outbox event’s commit to Kafka’s acknowledgement.',
    [],
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  );
  for (const ms of latenciesMs) histogram.observe(ms / 1000);
}

export function recordConsumed(
  topic: string,
  eventType: string,
  outcome: 'handled' | 'skipped' | 'dead-lettered',
): void {
  metrics
    .counter('messaging_consumed_events_total', 'Events consumed, by topic, type and outcome.', [
      'topic',
      'event_type',
      'outcome',
    ])
    .inc({ topic, event_type: eventType, outcome });
}

/**
 * Reports a consumer group's lag per partition on each scrape: the log-end offset minus the
 * committed offset. The admin client is the consumer's own, connected while it runs.
 */
export function reportConsumerLag(
  groupId: string,
  topics: string[],
  admin: () => Admin | undefined,
): void {
  metrics.gauge(
    'messaging_consumer_lag',
    'Messages on a partition not yet committed by the consumer group.',
    ['group', 'topic', 'partition'],
    async (gauge) => {
      const client = admin();
      if (!client) return;
      const committed = await client.fetchOffsets({ groupId, topics });
      for (const topic of topics) {
        const ends = await client.fetchTopicOffsets(topic);
        const done = committed.find((entry) => entry.topic === topic)?.partitions ?? [];
        for (const end of ends) {
          const offset = Number(done.find((p) => p.partition === end.partition)?.offset ?? -1);
          const lag = Number(end.high) - Math.max(offset, Number(end.low));
          gauge.set({ group: groupId, topic, partition: String(end.partition) }, Math.max(0, lag));
        }
      }
    },
  );
}
