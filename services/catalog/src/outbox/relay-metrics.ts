import { metrics } from '@shop/platform-telemetry';

/** What the outbox gauges read on each scrape: the relay of this process. */
export interface PendingEventGauges {
  pendingCount(): Promise<number>;
  oldestAgeSeconds(): Promise<number>;
}

// The metrics keep the messaging library's outbox names, so one dashboard reads every service.
let reporting: PendingEventGauges | undefined;

/**
 * Points the gauges at `relay` (undefined: at nothing). A second app in one process (tests, the
 * benchmark) takes them over; `stopping` only lets go of them if it still holds them.
 */
export function reportRelay(
  relay: PendingEventGauges | undefined,
  stopping?: PendingEventGauges,
): void {
  if (stopping && reporting !== stopping) return;
  reporting = relay;
  metrics.gauge(
    'outbox_pending_events',
    'Events committed to the outbox and not yet acknowledged by Kafka.',
    [],
    async (gauge) => {
      if (reporting) gauge.set(await reporting.pendingCount());
    },
  );
  metrics.gauge(
    'outbox_oldest_event_age_seconds',
    'Age of the oldest unpublished outbox event: the relay lag.',
    [],
    async (gauge) => {
      if (reporting) gauge.set(await reporting.oldestAgeSeconds());
    },
  );
}

/** Counts published events and records each one's write-to-acknowledgement time. */
export function recordPublished(latenciesMs: number[]): void {
  if (latenciesMs.length === 0) return;
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
