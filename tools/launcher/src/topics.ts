/**
 * The Kafka topics, created before any service starts: topics are infrastructure with one owner
 * (ADR 0015), which on this machine is the launcher. Services only wait for them. Five services
 * creating the same topics at once on a broker formatted a moment ago was the first start's
 * race (issue 18).
 */
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { consumerGroups, platformTopics } from '@shop/contracts';

export interface TopicSettings {
  brokers: string[];
  /** The run's prefix of topics and groups (`KAFKA_TOPIC_PREFIX`), empty for `npm start`. */
  namespace: string;
  /** Partitions of each new topic (the devstack's `DEVSTACK_KAFKA_PARTITIONS`, default 3). */
  partitions?: number;
  log?: (line: string) => void;
}

/** How many times the broker is tried (topics, coordinator, producer id) before giving up. */
const BROKER_ATTEMPTS = 30;
const BROKER_PAUSE_MS = 1_000;

/**
 * Creates every topic of the platform that is missing (dead-letter topics included) and waits
 * for their leaders; then waits until the broker answers for the consumer groups, which on a
 * fresh broker first creates `__consumer_offsets`, and gives out producer ids. Existing topics
 * are left as they are.
 * @returns the topics of the platform.
 */
export async function provisionTopics(settings: TopicSettings): Promise<string[]> {
  const kafka = new Kafka({
    clientId: 'launcher',
    brokers: settings.brokers,
    logLevel: logLevel.NOTHING,
    retry: { initialRetryTime: 200, retries: 8 },
  });
  const wanted = platformTopics(settings.namespace);
  const groups = Object.keys(consumerGroups).map((group) => `${settings.namespace}${group}`);
  const admin = kafka.admin();
  await admin.connect();
  try {
    await createMissing(admin, wanted, settings.partitions ?? 3, settings.log);
    await untilTheBrokerAnswers(
      'group coordinator',
      async () => {
        await admin.describeGroups(groups);
      },
      settings.log,
    );
  } finally {
    await admin.disconnect();
  }
  await awaitProducerIds(kafka, settings.log);
  return wanted;
}

/**
 * Runs `attempt` until it succeeds, at most {@link BROKER_ATTEMPTS} times a pause apart: a broker
 * formatted a moment ago refuses for a while what it answers later. The first refusal is logged.
 */
async function untilTheBrokerAnswers(
  what: string,
  attempt: () => Promise<void>,
  log?: (line: string) => void,
): Promise<void> {
  for (let tries = 1; ; tries += 1) {
    try {
      await attempt();
      return;
    } catch (error) {
      if (tries >= BROKER_ATTEMPTS) throw error;
      if (tries === 1) log?.(`waiting for Kafka's ${what}: ${(error as Error).message}`);
      await new Promise((resolve) => setTimeout(resolve, BROKER_PAUSE_MS));
    }
  }
}

/**
 * A fresh broker answers the first InitProducerId with an error for a while: one idempotent
 * producer connected here takes that wait, so that the services' producers do not log it.
 */
function awaitProducerIds(kafka: Kafka, log?: (line: string) => void): Promise<void> {
  return untilTheBrokerAnswers(
    'producer ids',
    async () => {
      const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
      try {
        await producer.connect();
      } finally {
        await producer.disconnect();
      }
    },
    log,
  );
}

/**
 * Creates the topics that do not exist yet and waits for their leaders. A tool may not use the
 * platform libraries (the module boundaries), so this is KafkaJS's admin directly.
 */
function createMissing(
  admin: Admin,
  wanted: string[],
  partitions: number,
  log?: (line: string) => void,
): Promise<void> {
  return untilTheBrokerAnswers(
    'topics to be created',
    async () => {
      const existing = new Set(await admin.listTopics());
      const missing = wanted.filter((topic) => !existing.has(topic));
      if (missing.length === 0) return;
      await admin.createTopics({
        topics: missing.map((topic) => ({ topic, numPartitions: partitions })),
        waitForLeaders: true,
      });
    },
    log,
  );
}
