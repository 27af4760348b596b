import { describe, expect, it } from 'vitest';
import { platformTopics } from '@shop/contracts';
import { devstackEnv, testKafka, testTopicPrefix } from '@shop/testing';
import { provisionTopics } from '../src/topics.ts';

describe('provisionTopics (the launcher owns the topics)', () => {
  it("creates every topic of the contracts' list under the run's namespace, with leaders", async () => {
    const namespace = testTopicPrefix('launcher');
    const settings = { brokers: devstackEnv().KAFKA_BROKERS.split(','), namespace, partitions: 2 };

    const created = await provisionTopics(settings);
    // Again, as a second `npm start` does: what exists is left as it is.
    await provisionTopics({ ...settings, partitions: 5 });

    expect(created.sort()).toEqual(platformTopics(namespace).sort());
    const admin = testKafka('launcher-topics').admin();
    await admin.connect();
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: created });
      expect(topics).toHaveLength(created.length);
      for (const topic of topics) {
        expect(topic.partitions, topic.name).toHaveLength(2);
        expect(
          topic.partitions.every((p) => p.leader >= 0),
          topic.name,
        ).toBe(true);
      }
    } finally {
      await admin.disconnect();
    }
  });
});
