import type { EventEnvelope } from '@shop/contracts';
import { DomainError } from '@shop/platform-http';
import { NonRetryableError, type CassandraInbox } from '@shop/platform-messaging';

/** Domain errors that retrying cannot fix: the event contradicts what inventory knows. */
const permanent = new Set(['not_found', 'conflict', 'invalid', 'unprocessable']);

/**
 * Runs a consumed event's effect once per event id, and tells the consumer which failures to
 * retry. The effect (stock operations, the reservation's compare-and-sets, the publication)
 * is idempotent by itself; the inbox, recorded only after it succeeded, makes a redelivery cheap.
 */
export class EventInbox {
  constructor(
    private readonly inbox: CassandraInbox,
    private readonly consumer: string,
  ) {}

  async handle(event: EventEnvelope, effect: () => Promise<unknown>): Promise<void> {
    try {
      await this.inbox.runOnce(this.consumer, event, async () => {
        await effect();
      });
    } catch (error) {
      if (error instanceof DomainError && permanent.has(error.kind)) {
        throw new NonRetryableError(`${error.code}: ${error.message}`, { cause: error });
      }
      throw error;
    }
  }
}
