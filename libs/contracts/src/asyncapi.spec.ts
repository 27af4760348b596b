import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildAsyncApi, renderAsyncApi } from './asyncapi.js';
import { eventCatalog } from './events/event-catalog.js';
import { topics } from './topics.js';

const document = buildAsyncApi();
const messages = Object.values(document.components.messages);

/** Follows a local `$ref` such as `#/channels/order.order.v1`. */
function resolve(ref: string): unknown {
  return ref
    .slice(2)
    .split('/')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], document);
}

describe('buildAsyncApi', () => {
  it('is an AsyncAPI 3.0 document', () => {
    expect(document.asyncapi).toBe('3.0.0');
    expect(document.info).toMatchObject({ title: 'Shop events', version: '1.0.0' });
  });

  it('has one message per event of the catalog, with its envelope as payload', () => {
    expect(messages).toHaveLength(eventCatalog.length);
    for (const definition of eventCatalog) {
      const message = messages.find(
        (candidate) =>
          candidate.name === definition.type &&
          candidate.title === `${definition.type} v${definition.version}`,
      );
      expect(message, definition.type).toBeDefined();
      expect(message).toMatchObject({
        summary: definition.description,
        contentType: 'application/json',
        headers: { required: ['event-type', 'event-version'] },
        payload: {
          type: 'object',
          additionalProperties: false,
          properties: {
            type: { const: definition.type },
            version: { const: definition.version },
            data: { type: 'object', additionalProperties: false },
          },
        },
      });
    }
  });

  it("has one channel and one send operation per topic, listing that topic's events", () => {
    for (const topic of Object.values(topics)) {
      const channel = document.channels[topic];
      expect(channel?.address).toBe(topic);
      const expected = eventCatalog.filter((definition) => definition.topic === topic);
      const listed = Object.values(channel?.messages ?? {}).map(
        (ref) => (resolve(ref.$ref as string) as { name: string }).name,
      );
      expect(listed.sort()).toEqual(expected.map((definition) => definition.type).sort());

      const operation = document.operations[`send.${topic}`];
      expect(operation?.action).toBe('send');
      expect(resolve((operation?.channel as { $ref: string }).$ref)).toBe(channel);
      for (const ref of operation?.messages as { $ref: string }[]) {
        expect(resolve(ref.$ref)).toBeDefined();
      }
    }
    expect(Object.keys(document.channels)).toHaveLength(Object.values(topics).length);
  });

  it('renders the same text every time, ending in a newline', () => {
    const text = renderAsyncApi();
    expect(text).toBe(renderAsyncApi());
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('matches the committed asyncapi.json (else: npm run contracts:asyncapi)', () => {
    const committed = readFileSync(join(import.meta.dirname, '..', 'asyncapi.json'), 'utf8');
    expect(JSON.parse(committed)).toEqual(JSON.parse(renderAsyncApi()));
  });
});
