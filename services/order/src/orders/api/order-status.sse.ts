import type { ServerResponse } from 'node:http';
import { isTerminal } from '../domain/order-status.js';
import type { StatusFeed } from '../application/order-status-feeds.service.js';
import type { OrderStatusUpdate } from '../application/order-status-update.js';

export interface StreamOptions {
  /** A comment line this often keeps proxies from closing an idle stream; the order is re-read. */
  heartbeatMs: number;
  /** The stream ends after this long; the client reconnects (and gets the current status). */
  maxLifetimeMs: number;
  /** Checked every second: a draining replica ends its streams so that shutdown can finish. */
  isShuttingDown: () => boolean;
}

/** How long a client waits before reconnecting a stream that ended without a terminal status. */
const RECONNECT_MS = 2_000;

/**
 * Writes an order's status as server-sent events: the current status first, then each change
 * (never an older version than the last sent), ending after a terminal status. Resolves when the
 * stream has ended, for whatever reason (terminal status, lifetime, shutdown, client gone).
 */
export function writeStatusStream(
  response: ServerResponse,
  feed: StatusFeed,
  options: StreamOptions,
): Promise<void> {
  return new Promise((resolve) => {
    let lastVersion = 0;
    let ended = false;
    const timers: NodeJS.Timeout[] = [];

    const end = () => {
      if (ended) return;
      ended = true;
      timers.forEach((timer) => clearInterval(timer));
      void feed.close().catch(() => undefined);
      if (!response.writableEnded) response.end();
      resolve();
    };
    const send = (update: OrderStatusUpdate) => {
      if (ended || update.version <= lastVersion) return;
      lastVersion = update.version;
      response.write(`id: ${update.version}\nevent: status\ndata: ${JSON.stringify(update)}\n\n`);
      if (isTerminal(update.status)) end();
    };

    response.once('close', end);
    response.write(`retry: ${RECONNECT_MS}\n\n`);
    send(feed.current);
    feed.onUpdate(send);
    timers.push(
      setInterval(() => {
        if (ended) return;
        response.write(': heartbeat\n\n');
        feed.reload().then(send, () => undefined);
      }, options.heartbeatMs),
      setInterval(() => {
        if (options.isShuttingDown()) end();
      }, 1_000),
      setTimeout(end, options.maxLifetimeMs),
    );
  });
}
