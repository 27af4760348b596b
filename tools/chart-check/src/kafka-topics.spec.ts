import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { consumerGroups, topics } from '@shop/contracts';

const values = parse(
  readFileSync(
    join(import.meta.dirname, '..', '..', '..', 'charts', 'shop', 'values.yaml'),
    'utf8',
  ),
) as { kafkaTopics: { streams: string[]; consumers: Record<string, string[]> } };

describe("the chart's topics Job", () => {
  it('creates the streams of libs/contracts', () => {
    expect([...values.kafkaTopics.streams].sort()).toEqual(Object.values(topics).sort());
  });

  it('creates the dead-letter topics of each consumer group of libs/contracts', () => {
    const sorted = (record: Readonly<Record<string, readonly string[]>>) =>
      Object.fromEntries(Object.entries(record).map(([group, read]) => [group, [...read].sort()]));
    expect(sorted(values.kafkaTopics.consumers)).toEqual(sorted(consumerGroups));
  });
});
