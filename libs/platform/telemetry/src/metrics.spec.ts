import { describe, expect, it } from 'vitest';
import { createMetrics, metrics } from './metrics.js';

describe('createMetrics', () => {
  it('renders the HTTP RED metrics after an observation', async () => {
    const fresh = createMetrics();
    fresh.observeHttpRequest({
      method: 'get',
      route: '/orders/:id',
      statusCode: 200,
      durationSeconds: 0.042,
    });

    const text = await fresh.render();
    const labels = 'method="GET",route="/orders/:id",status_code="200"';
    expect(text).toContain(`http_server_requests_total{${labels}} 1`);
    expect(text).toContain(`http_server_request_duration_seconds_bucket{le="0.05",${labels}} 1`);
    expect(text).toContain(`http_server_request_duration_seconds_bucket{le="0.025",${labels}} 0`);
    expect(text).toContain(`http_server_request_duration_seconds_count{${labels}} 1`);
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
    expect(fresh.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('returns the existing metric when a name is requested again', () => {
    const fresh = createMetrics();
    const first = fresh.counter('cart_items_added_total', 'Items added to carts.', ['source']);
    const again = fresh.counter('cart_items_added_total', 'Items added to carts.', ['source']);
    expect(again).toBe(first);
    expect(fresh.histogram('http_server_request_duration_seconds', 'again')).toBe(
      fresh.registry.getSingleMetric('http_server_request_duration_seconds'),
    );
    const gauge = fresh.gauge('outbox_backlog', 'Events waiting to be published.');
    expect(fresh.gauge('outbox_backlog', 'Events waiting to be published.')).toBe(gauge);
  });

  it('refuses a name taken by another kind of metric', () => {
    const fresh = createMetrics();
    fresh.counter('jobs_total', 'Jobs run.');
    expect(() => fresh.gauge('jobs_total', 'Jobs run.')).toThrow(/already registered as a Counter/);
  });

  it('keeps default buckets for a histogram created without any', async () => {
    const fresh = createMetrics();
    fresh.histogram('job_duration_seconds', 'Job run time.').observe(0.3);
    expect(await fresh.render()).toContain('job_duration_seconds_bucket{le="0.5"} 1');
  });

  it('keeps one shared registry for the process', async () => {
    expect(metrics.counter('shared_total', 'Shared.')).toBe(metrics.counter('shared_total', 'x'));
    expect(await metrics.render()).toContain('# TYPE http_server_requests_total counter');
  });
});
