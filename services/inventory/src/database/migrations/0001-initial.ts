import { cassandraInboxTableCql } from '@shop/platform-messaging';
import type { Migration } from '../migrator.js';

/** Stock, holds, ledger, reservations, the expiry and publication indexes, and the inbox. */
export const initialSchema: Migration = {
  version: 1,
  name: 'initial',
  statements: (ks) => [
    // One partition per SKU: the level in static columns, one row per order's hold. A hold
    // changes in the same lightweight transaction as the level, which makes every order
    // operation idempotent and lets a release fence off a reserve still in flight.
    `CREATE TABLE IF NOT EXISTS ${ks}.stock (
      sku text,
      hold_id uuid,
      available int static,
      reserved int static,
      committed int static,
      version int static,
      last_movement text static,
      pending_events map<uuid, text> static,
      created_at timestamp static,
      updated_at timestamp static,
      hold_state text,
      hold_quantity int,
      hold_updated_at timestamp,
      PRIMARY KEY (sku, hold_id)
    )`,
    // The ledger: one row per stock version, partitioned by SKU and UTC day.
    `CREATE TABLE IF NOT EXISTS ${ks}.movements (
      sku text,
      day text,
      version int,
      movement_id uuid,
      kind text,
      delta_available int,
      delta_reserved int,
      delta_committed int,
      available int,
      reserved int,
      committed int,
      reference text,
      reason text,
      at timestamp,
      PRIMARY KEY ((sku, day), version)
    ) WITH CLUSTERING ORDER BY (version DESC)`,
    // The days a SKU has movements on: paging the ledger never probes empty days.
    `CREATE TABLE IF NOT EXISTS ${ks}.movement_days (
      sku text,
      day text,
      PRIMARY KEY (sku, day)
    ) WITH CLUSTERING ORDER BY (day DESC)`,
    `CREATE TABLE IF NOT EXISTS ${ks}.reservations (
      order_id uuid PRIMARY KEY,
      reservation_id uuid,
      status text,
      lines text,
      applied set<text>,
      short_lines text,
      release_reason text,
      expires_at timestamp,
      created_at timestamp,
      touched_at timestamp,
      correlation_id text,
      causation_id text,
      pending_events map<uuid, text>,
      version int
    )`,
    // Reservations by the minute they expire in: the sweeper reads due minutes only.
    `CREATE TABLE IF NOT EXISTS ${ks}.reservation_expiry (
      bucket timestamp,
      expires_at timestamp,
      order_id uuid,
      PRIMARY KEY (bucket, expires_at, order_id)
    )`,
    // Events recorded on a stock or reservation row and maybe not yet on Kafka, by minute.
    `CREATE TABLE IF NOT EXISTS ${ks}.event_pointers (
      bucket timestamp,
      event_id uuid,
      source text,
      aggregate_key text,
      PRIMARY KEY (bucket, event_id)
    )`,
    // How far the sweeper and the relay have scanned their buckets, shared by every replica.
    `CREATE TABLE IF NOT EXISTS ${ks}.scan_cursors (
      name text PRIMARY KEY,
      bucket timestamp
    )`,
    cassandraInboxTableCql(ks),
  ],
};
