import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { topics } from '../topics.js';
import { eventCatalog, eventsOfTopic, findEvent } from './event-catalog.js';

type Catalog = (typeof eventCatalog)[number];

const orderId = '0190b6c8-4d1e-7a2b-8c3d-4e5f6a7b8c9d';
const reservationId = '0190b6c8-5e2f-7b3c-9d4e-5f6a7b8c9d0e';
const userId = '0190b6c8-6f30-7c4d-ae5f-6a7b8c9d0e1f';
const time = '2026-11-23T10:15:30.123Z';
const price = { amount: 1999, currency: 'EUR' };
const lines = [
  { sku: 'MUG-BLUE', quantity: 2 },
  { sku: 'TEE-M-01', quantity: 1 },
];
const product = {
  productId: '665f1c2ab3e4d5f6a7b8c9d0',
  sku: 'MUG-BLUE',
  name: 'Blue mug',
  slug: 'blue-mug',
  categoryId: 'kitchen',
  price,
  status: 'active',
  productVersion: 3,
} as const;

/** One valid `data` per event: the mapped type makes a missing sample a type error. */
const samples: { [E in Catalog as E['type']]: z.input<E['data']> } = {
  'user.registered': {
    userId,
    email: 'ada@example.com',
    roles: ['customer'],
    registeredAt: time,
  },
  'product.created': product,
  'product.updated': { ...product, status: 'archived', productVersion: 4 },
  'product.archived': { productId: product.productId, sku: product.sku, productVersion: 5 },
  'stock.reserved': { orderId, reservationId, lines, expiresAt: time },
  'stock.reservation-failed': {
    orderId,
    shortLines: [{ sku: 'MUG-BLUE', requested: 2, available: 1 }],
  },
  'stock.released': { orderId, reservationId, reason: 'expired', lines },
  'stock.committed': { orderId, reservationId, lines },
  'stock.adjusted': {
    sku: 'MUG-BLUE',
    available: 40,
    delta: -2,
    reason: 'stock take',
    stockVersion: 7,
  },
  'order.placed': {
    orderId,
    customerId: userId,
    lines: [
      { sku: 'MUG-BLUE', quantity: 2, unitPrice: price },
      { sku: 'TEE-M-01', quantity: 1, unitPrice: { amount: 1500, currency: 'EUR' } },
    ],
    total: { amount: 5498, currency: 'EUR' },
    placedAt: time,
  },
  'order.confirmed': { orderId, reservationId, paymentId: 'pay_8f2c', confirmedAt: time },
  'order.rejected': {
    orderId,
    reason: 'insufficient-stock',
    shortLines: [{ sku: 'MUG-BLUE', requested: 2, available: 0 }],
  },
  'order.cancelled': {
    orderId,
    reason: 'payment-declined',
    previousStatus: 'PENDING',
    reservationId,
    cancelledAt: time,
  },
};

function envelopeOf(definition: Catalog, data: unknown): Record<string, unknown> {
  return {
    id: '0190b6c8-7041-7d5e-bf60-7b8c9d0e1f20',
    type: definition.type,
    version: definition.version,
    source: definition.topic.split('.')[0],
    time,
    subject: 'subject-1',
    correlationId: 'checkout-1',
    causationId: 'request-1',
    data,
  };
}

describe('eventCatalog', () => {
  it('has one definition per wire name and version', () => {
    const keys = eventCatalog.map((definition) => `${definition.type}@${definition.version}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('publishes every event on a known topic, and every topic carries events', () => {
    const known: readonly string[] = Object.values(topics);
    for (const definition of eventCatalog) expect(known).toContain(definition.topic);
    for (const topic of Object.values(topics))
      expect(eventsOfTopic(topic).length).toBeGreaterThan(0);
  });

  it('finds a definition by wire name and version only', () => {
    expect(findEvent('order.placed', 1)?.type).toBe('order.placed');
    expect(findEvent('order.placed', 2)).toBeUndefined();
    expect(findEvent('order.shipped', 1)).toBeUndefined();
  });

  describe.each(eventCatalog.map((definition) => [definition.type, definition] as const))(
    '%s',
    (type, definition) => {
      const data = samples[type] as Record<string, unknown>;

      it('accepts a valid sample', () => {
        const result = definition.envelope.safeParse(envelopeOf(definition, data));
        expect(result.error).toBeUndefined();
      });

      it('refuses an unknown field in data or in the envelope', () => {
        expect(
          definition.envelope.safeParse(envelopeOf(definition, { ...data, extra: 1 })).success,
        ).toBe(false);
        expect(
          definition.envelope.safeParse({ ...envelopeOf(definition, data), extra: 1 }).success,
        ).toBe(false);
      });

      it.each(Object.keys(data))('refuses a wrong type for %s', (key) => {
        // No event field is a boolean, so `true` is the wrong type for every one of them.
        const envelope = envelopeOf(definition, { ...data, [key]: true });
        expect(definition.envelope.safeParse(envelope).success).toBe(false);
      });

      it('refuses another version of the same type', () => {
        const envelope = { ...envelopeOf(definition, data), version: definition.version + 1 };
        expect(definition.envelope.safeParse(envelope).success).toBe(false);
      });
    },
  );
});
