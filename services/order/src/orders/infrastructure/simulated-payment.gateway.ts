import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  PaymentUnavailableError,
  type PaymentAuthorization,
  type PaymentGateway,
  type PaymentRequest,
} from '../domain/payment-gateway.js';

export interface SimulatedPaymentSettings {
  /** Share of authorizations declined, 0 to 1. */
  declineRate: number;
  /** Time the provider takes to answer (or to fail). */
  latencyMs: number;
  /** While true, every call fails as if the provider could not be reached. */
  outage: boolean;
}

/**
 * A payment provider that fails the way real ones do: it declines a configured share of
 * authorizations, answers after a configured latency, and can be down. Its answer is a function
 * of the idempotency key, so asking again with one key gets the first answer, as a real
 * provider's idempotency keys guarantee.
 */
export class SimulatedPaymentGateway implements PaymentGateway {
  constructor(private settings: SimulatedPaymentSettings) {}

  /** Changes how the provider behaves from now on (fault injection in tests and demos). */
  configure(settings: Partial<SimulatedPaymentSettings>): void {
    this.settings = { ...this.settings, ...settings };
  }

  async authorize(request: PaymentRequest): Promise<PaymentAuthorization> {
    const { declineRate, latencyMs, outage } = this.settings;
    if (latencyMs > 0) await sleep(latencyMs);
    if (outage) throw new PaymentUnavailableError('simulated payment provider outage');
    const digest = createHash('sha256').update(request.idempotencyKey).digest();
    // The first 32 bits as a fraction in [0, 1): uniform across keys, fixed for one key.
    const draw = digest.readUInt32BE(0) / 2 ** 32;
    if (draw < declineRate) return { outcome: 'declined', reason: 'card-declined' };
    return { outcome: 'approved', paymentId: `pay_${digest.subarray(4, 20).toString('hex')}` };
  }
}
