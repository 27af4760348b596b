export { createTestKeyspace, type TestKeyspace } from './cassandra.js';
export {
  devstackEnv,
  devstackScram,
  devstackTls,
  type DevstackEnv,
  type DevstackScram,
  type DevstackTls,
} from './devstack-env.js';
export {
  provisionTestTopics,
  readTopic,
  testKafka,
  testTopicPrefix,
  type ReadMessage,
} from './kafka.js';
export { uniqueName } from './names.js';
export * from './otlp-receiver.js';
export { createTestDatabase, type TestDatabase } from './postgres.js';
export { describeLatencies, percentile } from './stats.js';
export { waitFor, type WaitOptions } from './wait.js';
export { freePort, occupiedPort } from './ports.js';
export { runScript, type ScriptRun } from './script.js';
export { publicTables, runMigrateOnly } from './migrate-only.js';
