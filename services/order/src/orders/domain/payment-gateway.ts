import type { Money } from '@shop/contracts';

/** Injection token of the {@link PaymentGateway}. */
export const PAYMENT_GATEWAY = Symbol('PAYMENT_GATEWAY');

export interface PaymentRequest {
  orderId: string;
  customerId: string;
  amount: Money;
  /**
   * The provider answers a repeated key with the first answer: a redelivered `stock.reserved`
   * (after a crash between authorizing and committing) never charges twice.
   */
  idempotencyKey: string;
}

export type PaymentAuthorization =
  { outcome: 'approved'; paymentId: string } | { outcome: 'declined'; reason: string };

/**
 * The payment provider, as the saga needs it. A decline is an answer; a provider that cannot
 * answer throws {@link PaymentUnavailableError}, which the consumer retries.
 */
export interface PaymentGateway {
  authorize(request: PaymentRequest): Promise<PaymentAuthorization>;
}

/** The provider did not answer (outage, timeout): nothing was decided, so asking again is safe. */
export class PaymentUnavailableError extends Error {
  constructor(message = 'payment provider unavailable') {
    super(message);
    this.name = 'PaymentUnavailableError';
  }
}
