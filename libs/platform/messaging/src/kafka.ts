import { Kafka, logLevel, type KafkaConfig, type LogEntry } from 'kafkajs';
import type { KafkaSecurity } from './kafka-security.js';

export interface KafkaSettings {
  /** Appears in broker logs and quotas: the service name. */
  clientId: string;
  brokers: string[];
  /** TLS and SASL, from `kafkaSecurityFromEnv`; none means a plaintext, anonymous connection. */
  security?: KafkaSecurity;
}

/** Receives KafkaJS's own log lines (warnings and errors only by default). */
export type KafkaLogSink = (
  level: 'error' | 'warn' | 'info' | 'debug',
  message: string,
  extra: object,
) => void;

const levels: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/**
 * KafkaJS warnings about choices made here on purpose: the producers are idempotent with bounded
 * retries (the outbox relay retries a failed batch itself; consumers dedupe), and use KafkaJS 2's
 * default partitioner (murmur2, as the Java client), which every producer of the platform shares.
 */
const expectedWarnings = [
  'Limiting retries for the idempotent producer',
  'KafkaJS v2.0.0 switched default partitioner',
];

let warningFiltered = false;

/**
 * KafkaJS 2.2.4 computes a negative timer delay on every connection, which Node 24 reports as a
 * `TimeoutNegativeWarning` (tulios/kafkajs#1751). The timer still fires; only that one warning is
 * dropped, so that real warnings still stand out.
 */
export function silenceKafkaJsTimeoutWarning(): void {
  if (warningFiltered) return;
  warningFiltered = true;
  const defaultListeners = process.listeners('warning');
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (warning.name === 'TimeoutNegativeWarning') return;
    for (const listener of defaultListeners) listener(warning);
  });
}

/**
 * KafkaJS's `ssl` and `sasl` options for `security`. A CA replaces Node's trusted roots, as a
 * private cluster's certificates are signed by its own authority.
 */
export function kafkaSecurityOptions(
  security: KafkaSecurity = {},
): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  const options: Pick<KafkaConfig, 'ssl' | 'sasl'> = {};
  if (security.ssl) {
    const { ca, rejectUnauthorized } = security.ssl;
    options.ssl = ca === undefined ? { rejectUnauthorized } : { ca: [ca], rejectUnauthorized };
  }
  if (security.sasl) {
    const { mechanism, username, password } = security.sasl;
    // Spelled out per mechanism: KafkaJS types each SCRAM variant as its own literal.
    options.sasl =
      mechanism === 'scram-sha-256'
        ? { mechanism, username, password }
        : { mechanism, username, password };
  }
  return options;
}

/** A KafkaJS client whose logs go to the service's logger instead of KafkaJS's console output. */
export function createKafka(settings: KafkaSettings, sink?: KafkaLogSink): Kafka {
  silenceKafkaJsTimeoutWarning();
  return new Kafka({
    clientId: settings.clientId,
    brokers: settings.brokers,
    ...kafkaSecurityOptions(settings.security),
    logLevel: sink ? logLevel.WARN : logLevel.NOTHING,
    logCreator:
      () =>
      ({ level, log }: LogEntry) => {
        const { message, ...extra } = log;
        if (expectedWarnings.some((known) => String(message).startsWith(known))) return;
        sink?.(levels[level] ?? 'info', String(message), extra);
      },
    retry: { initialRetryTime: 200, retries: 8 },
  });
}
