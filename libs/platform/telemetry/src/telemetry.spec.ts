import { isSpanContextValid, trace } from '@opentelemetry/api';
import { describe, expect, it, vi } from 'vitest';
import { startTelemetry, telemetryOptionsFromEnv } from './telemetry.js';

describe('telemetryOptionsFromEnv', () => {
  it('reads the endpoint, the sampling ratio and the environment', () => {
    const options = telemetryOptionsFromEnv('orders', {
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
      OTEL_TRACES_SAMPLER_ARG: '0.25',
      DEPLOYMENT_ENVIRONMENT: 'staging',
    });
    expect(options).toEqual({
      serviceName: 'orders',
      otlpEndpoint: 'http://127.0.0.1:4318',
      sampleRatio: 0.25,
      environment: 'staging',
      enabled: true,
    });
  });

  it('is disabled by OTEL_SDK_DISABLED=true, in any case', () => {
    expect(telemetryOptionsFromEnv('orders', { OTEL_SDK_DISABLED: 'TRUE' }).enabled).toBe(false);
    expect(telemetryOptionsFromEnv('orders', { OTEL_SDK_DISABLED: 'false' }).enabled).toBe(true);
  });

  it('leaves unset and empty variables to the defaults', () => {
    const options = telemetryOptionsFromEnv('orders', { OTEL_EXPORTER_OTLP_ENDPOINT: '' });
    expect(options.otlpEndpoint).toBeUndefined();
    expect(options.sampleRatio).toBeUndefined();
    expect(options.environment).toBeUndefined();
  });

  it('ignores a ratio outside 0..1, with a warning', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    try {
      expect(telemetryOptionsFromEnv('orders', { OTEL_TRACES_SAMPLER_ARG: '2' }).sampleRatio).toBe(
        undefined,
      );
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('OTEL_TRACES_SAMPLER_ARG=2'));
    } finally {
      warn.mockRestore();
    }
  });
});

describe('startTelemetry', () => {
  function apiHasAnSdk(): boolean {
    const span = trace.getTracer('probe').startSpan('probe');
    span.end();
    return isSpanContextValid(span.spanContext());
  }

  it('registers nothing when disabled', async () => {
    const telemetry = startTelemetry({ serviceName: 'orders', enabled: false });
    expect(telemetry.enabled).toBe(false);
    expect(apiHasAnSdk()).toBe(false);
    await telemetry.shutdown();
  });

  it('refuses a sampling ratio outside 0..1 before registering anything', () => {
    expect(() => startTelemetry({ serviceName: 'orders', sampleRatio: 1.5 })).toThrow(RangeError);
    expect(apiHasAnSdk()).toBe(false);
  });
});
