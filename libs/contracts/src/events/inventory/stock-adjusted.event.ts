import { z } from 'zod';
import { defineEvent, type EventOf } from '../../define-event.js';
import { skuSchema } from '../../primitives.schema.js';
import { topics } from '../../topics.js';

/**
 * The available count of a SKU changed outside the order flow (a delivery, a stock take). Keyed
 * by SKU; `stockVersion` lets consumers of the storefront's availability drop stale updates.
 */
export const stockAdjusted = defineEvent({
  type: 'stock.adjusted',
  version: 1,
  topic: topics.inventoryStock,
  description: "A SKU's available stock was corrected by hand or by a delivery. Subject: the SKU.",
  data: z.strictObject({
    sku: skuSchema,
    available: z.number().int().nonnegative().describe('Units available after the adjustment.'),
    delta: z.number().int().describe('Change to the available units; negative for a write-off.'),
    reason: z.string().min(1).max(200),
    stockVersion: z
      .number()
      .int()
      .positive()
      .describe(
        "Raised on every change of the SKU's stock; consumers ignore versions they have passed.",
      ),
  }),
});

export type StockAdjusted = EventOf<typeof stockAdjusted>;
