import { z } from 'zod';
import type { EventDefinition } from './define-event.js';
import { eventCatalog } from './events/event-catalog.js';

type JsonObject = { [key: string]: unknown };

/** The parts of an AsyncAPI 3.0 document this library writes. */
export interface AsyncApiDocument {
  asyncapi: '3.0.0';
  info: { title: string; version: string; description: string };
  defaultContentType: 'application/json';
  channels: Record<string, JsonObject & { address: string; messages: Record<string, JsonObject> }>;
  operations: Record<string, JsonObject & { action: 'send' }>;
  components: { messages: Record<string, JsonObject & { name: string; payload: JsonObject }> };
}

const description = [
  'Events the shop services publish on Kafka. Every message value is a JSON envelope',
  '(id, type, version, source, time, subject, correlationId, causationId, data) and only `data`',
  'differs between event types. The Kafka message key is the envelope `subject`, the id of the',
  "aggregate the event is about, so that one aggregate's events stay in order on one partition.",
  'Consumers deduplicate on `id`, pick the schema from the `event-type` and `event-version`',
  'headers, and must refuse unknown fields. Generated from libs/contracts: do not edit by hand.',
].join(' ');

/** A component id, unique per wire name and version, and valid in an AsyncAPI key. */
function messageId(definition: EventDefinition): string {
  return `${definition.type}.v${definition.version}`;
}

/** The service that owns a topic is its first segment (`order.order.v1` is the order service's). */
function producerOf(topic: string): string {
  return topic.split('.')[0] ?? topic;
}

function headersOf(definition: EventDefinition): JsonObject {
  return {
    type: 'object',
    properties: {
      traceparent: {
        type: 'string',
        pattern: '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$',
        description: 'W3C Trace Context of the span that published the event.',
      },
      tracestate: {
        type: 'string',
        maxLength: 512,
        description: 'W3C Trace Context vendor state, passed on unchanged.',
      },
      'event-type': {
        type: 'string',
        const: definition.type,
        description: 'Copy of the envelope `type`: consumers route without parsing the value.',
      },
      'event-version': {
        type: 'string',
        const: String(definition.version),
        description: 'Copy of the envelope `version`, as a decimal string.',
      },
    },
    required: ['event-type', 'event-version'],
  };
}

/**
 * The envelope as JSON Schema draft 7, the dialect AsyncAPI's default schema format extends.
 * Cross-field rules (totals adding up, unique SKUs) cannot be expressed there and are left out.
 */
function payloadOf(definition: EventDefinition): JsonObject {
  const schema: JsonObject = { ...z.toJSONSchema(definition.envelope, { target: 'draft-7' }) };
  // The dialect is AsyncAPI's to declare, once, not each payload's.
  delete schema.$schema;
  return schema;
}

function messageOf(
  definition: EventDefinition,
): AsyncApiDocument['components']['messages'][string] {
  return {
    name: definition.type,
    title: `${definition.type} v${definition.version}`,
    summary: definition.description,
    contentType: 'application/json',
    correlationId: {
      description: 'Shared by every event of one business flow (one checkout).',
      location: '$message.payload#/correlationId',
    },
    headers: headersOf(definition),
    payload: payloadOf(definition),
    bindings: {
      kafka: {
        key: { type: 'string', description: 'The envelope `subject`: the aggregate id.' },
        bindingVersion: '0.5.0',
      },
    },
  };
}

/**
 * The AsyncAPI 3.0 document of every event in `catalog`: one channel and one `send` operation
 * per topic, one message per event type and version. Pure and deterministic, so the committed
 * file can be compared with a fresh one.
 */
export function buildAsyncApi(
  catalog: readonly EventDefinition[] = eventCatalog,
): AsyncApiDocument {
  // Plain code-unit order, not localeCompare: the output must not depend on the machine's locale.
  const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  const definitions = [...catalog].sort((a, b) => byCodeUnit(messageId(a), messageId(b)));
  const topicNames = [...new Set(catalog.map((definition) => definition.topic))].sort(byCodeUnit);

  const document: AsyncApiDocument = {
    asyncapi: '3.0.0',
    info: { title: 'Shop events', version: '1.0.0', description },
    defaultContentType: 'application/json',
    channels: {},
    operations: {},
    components: { messages: {} },
  };
  for (const definition of definitions) {
    document.components.messages[messageId(definition)] = messageOf(definition);
  }
  for (const topic of topicNames) {
    const ids = definitions.filter((d) => d.topic === topic).map(messageId);
    document.channels[topic] = {
      address: topic,
      title: topic,
      description: `Published by the ${producerOf(topic)} service; keyed by the envelope subject.`,
      messages: Object.fromEntries(ids.map((id) => [id, { $ref: `#/components/messages/${id}` }])),
    };
    document.operations[`send.${topic}`] = {
      action: 'send',
      title: `The ${producerOf(topic)} service publishes to ${topic}`,
      channel: { $ref: `#/channels/${topic}` },
      messages: ids.map((id) => ({ $ref: `#/channels/${topic}/messages/${id}` })),
    };
  }
  return document;
}

/** `buildAsyncApi()` as the text of `libs/contracts/asyncapi.json`. */
export function renderAsyncApi(catalog?: readonly EventDefinition[]): string {
  return `${JSON.stringify(buildAsyncApi(catalog), null, 2)}\n`;
}
