export {
  createKafka,
  kafkaSecurityOptions,
  silenceKafkaJsTimeoutWarning,
  type KafkaLogSink,
  type KafkaSettings,
} from './kafka.js';
export {
  checkKafkaSecurityEnv,
  kafkaSaslMechanisms,
  kafkaSecurityEnv,
  kafkaSecurityFromEnv,
  type KafkaSaslMechanism,
  type KafkaSecurity,
  type KafkaSecurityEnv,
} from './kafka-security.js';
export { ensureTopics, type EnsureTopicsOptions } from './topics.js';
export {
  awaitTopics,
  missingTopics,
  TopicsMissingError,
  type AwaitTopicsOptions,
} from './await-topics.js';
export { deadLetterHeaders, eventHeaders, headersToStrings } from './headers.js';
export { captureTraceHeaders, startProducerSpan, withConsumerSpan } from './trace.js';
export { causedBy, createEnvelope, type NewEvent } from './envelope-factory.js';
export { EventPublisher, toOutgoing, type OutgoingEvent } from './publisher.js';
export { Outbox, outboxChannel } from './outbox/outbox.js';
export { CreateOutbox1763769600000 } from './outbox/outbox.migration.js';
export { OutboxRelay, type OutboxRelayOptions } from './outbox/outbox-relay.js';
export { CreateInbox1763769600001 } from './inbox/inbox.migration.js';
export { PostgresInbox } from './inbox/postgres-inbox.js';
export { CassandraInbox, cassandraInboxTableCql } from './inbox/cassandra-inbox.js';
export { decode, type Decoded } from './consumer/decode.js';
export {
  EventConsumer,
  type EventConsumerOptions,
  type EventHandler,
  type MessageContext,
} from './consumer/event-consumer.js';
export {
  KafkaEventsServer,
  type KafkaEventsServerOptions,
} from './consumer/kafka-events.server.js';
export {
  defaultRetryPolicy,
  NonRetryableError,
  retryDelayMs,
  type RetryPolicy,
} from './consumer/retry-policy.js';
