/** `k6/metrics` for the test-only adapter: each `add` is kept as a sample of its metric. */
import { record } from './runtime.ts';

class Metric {
  constructor(
    readonly name: string,
    private readonly type: string,
  ) {}

  add(value: number | boolean, tags: Record<string, string> = {}): void {
    record(this.type, this.name, Number(value), tags);
  }
}

export class Counter extends Metric {
  constructor(name: string) {
    super(name, 'counter');
  }
}

export class Gauge extends Metric {
  constructor(name: string) {
    super(name, 'gauge');
  }
}

export class Rate extends Metric {
  constructor(name: string) {
    super(name, 'rate');
  }
}

export class Trend extends Metric {
  constructor(name: string, _isTime = false) {
    super(name, 'trend');
  }
}
