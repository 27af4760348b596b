import { describe, expect, it } from 'vitest';
import { CircuitBreaker, type CircuitState } from './circuit-breaker.js';

function breaker(failureThreshold = 3, openMs = 1_000) {
  const clock = { ms: 0 };
  const changes: CircuitState[] = [];
  const circuit = new CircuitBreaker({
    failureThreshold,
    openMs,
    now: () => clock.ms,
    onStateChange: (state) => changes.push(state),
  });
  return { circuit, clock, changes };
}

function fail(circuit: CircuitBreaker, times: number): void {
  for (let i = 0; i < times; i++) {
    expect(circuit.admit().allowed).toBe(true);
    circuit.failure();
  }
}

describe('CircuitBreaker', () => {
  it('opens after the threshold of consecutive failures, and refuses at once while open', () => {
    const { circuit, clock, changes } = breaker(3, 1_000);
    fail(circuit, 2);
    expect(circuit.state).toBe('closed');
    fail(circuit, 1);
    expect(circuit.state).toBe('open');
    clock.ms = 400;
    expect(circuit.admit()).toEqual({ allowed: false, retryAfterMs: 600 });
    expect(changes).toEqual(['open']);
  });

  it('forgets failures on a success while closed', () => {
    const { circuit } = breaker(3);
    fail(circuit, 2);
    circuit.admit();
    circuit.success();
    fail(circuit, 2);
    expect(circuit.state).toBe('closed');
  });

  it('lets one probe through after the cool-down, and closes on its success', () => {
    const { circuit, clock, changes } = breaker(2, 1_000);
    fail(circuit, 2);
    clock.ms = 1_000;
    expect(circuit.admit()).toEqual({ allowed: true });
    expect(circuit.state).toBe('half-open');
    expect(circuit.admit().allowed).toBe(false);
    circuit.success();
    expect(circuit.state).toBe('closed');
    expect(circuit.admit().allowed).toBe(true);
    expect(changes).toEqual(['open', 'half-open', 'closed']);
  });

  it('opens again for a whole cool-down when the probe fails', () => {
    const { circuit, clock } = breaker(2, 1_000);
    fail(circuit, 2);
    clock.ms = 1_500;
    circuit.admit();
    circuit.failure();
    expect(circuit.state).toBe('open');
    clock.ms = 2_400;
    expect(circuit.admit()).toEqual({ allowed: false, retryAfterMs: 100 });
    clock.ms = 2_500;
    expect(circuit.admit().allowed).toBe(true);
  });

  it('lets another probe go when the first is abandoned', () => {
    const { circuit, clock } = breaker(1, 100);
    fail(circuit, 1);
    clock.ms = 100;
    expect(circuit.admit().allowed).toBe(true);
    circuit.abandon();
    expect(circuit.state).toBe('half-open');
    expect(circuit.admit().allowed).toBe(true);
  });
});
