import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource } from 'typeorm';
import { topics } from '@shop/contracts';
import { HealthRegistry } from '@shop/platform-http';
import { awaitTopics, EventPublisher, OutboxRelay } from '@shop/platform-messaging';
import { ORDER_CONFIG } from '../config/config.module.js';
import type { OrderConfig } from '../config/order.config.js';
import { KAFKA, type KafkaClient } from './kafka.provider.js';

/** Pause between two attempts to create the topic while Kafka is unreachable. */
const TOPIC_RETRY_MS = 2_000;

/**
 * Runs the outbox relay inside the service: started once the order topic exists, stopped
 * (finishing its batch) on shutdown. Checkouts commit their events to the outbox whatever Kafka
 * does; the relay catches up when Kafka is back. Also the Kafka readiness check.
 */
@Injectable()
export class EventRelayService implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(EventRelayService.name);
  private readonly publisher: EventPublisher;
  private readonly relay: OutboxRelay;
  private readonly topics: string[];
  private readonly admin: ReturnType<KafkaClient['admin']>;
  private adminConnected?: Promise<void>;
  private healthProbe?: Promise<void>;
  private stopping = false;
  /** Ends the wait for the topics when the service stops. */
  private readonly stopSignal = new AbortController();
  private relayStarted = false;

  constructor(
    @Inject(ORDER_CONFIG) config: OrderConfig,
    @Inject(KAFKA) private readonly kafka: KafkaClient,
    @InjectDataSource() dataSource: DataSource,
    @Inject(HealthRegistry) private readonly health: HealthRegistry,
  ) {
    this.topics = [`${config.kafka.topicPrefix}${topics.orderOrder}`];
    this.publisher = new EventPublisher(kafka);
    this.relay = new OutboxRelay({
      dataSource,
      postgresUrl: config.postgresUrl,
      publisher: this.publisher,
      lockName: 'order.outbox-relay',
      logger: { warn: (m) => this.logger.warn(m), error: (m) => this.logger.error(m) },
    });
    // The probe must answer within its timeout, not after KafkaJS's reconnection tries.
    this.admin = kafka.admin({ retry: { retries: 0 } });
  }

  onModuleInit(): void {
    this.health.register('kafka', () => this.probeKafka());
  }

  onApplicationBootstrap(): void {
    // Not awaited: checkouts must be taken while Kafka is away.
    void this.startWhenTopicsExist();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    this.stopSignal.abort();
    if (this.relayStarted) await this.relay.stop();
    await this.publisher.disconnect();
    if (this.adminConnected) await this.admin.disconnect().catch(() => undefined);
  }

  /** Topics are created before the services start (ADR 0015): the relay waits for them. */
  private async startWhenTopicsExist(): Promise<void> {
    const { signal } = this.stopSignal;
    while (!signal.aborted) {
      try {
        await awaitTopics(this.kafka, this.topics, {
          signal,
          onWait: (missing) =>
            this.logger.warn(`the outbox relay waits for Kafka topics: ${missing.join(', ')}`),
        });
        break;
      } catch (error) {
        if (signal.aborted) return;
        this.logger.warn(`${(error as Error).message}; still waiting`);
        await sleep(TOPIC_RETRY_MS, undefined, { signal }).catch(() => undefined);
      }
    }
    if (this.stopping) return;
    this.relay.start();
    this.relayStarted = true;
  }

  /** One probe at a time: a slow broker must not pile up a probe per readiness request. */
  private probeKafka(): Promise<void> {
    this.healthProbe ??= this.describeCluster().finally(() => (this.healthProbe = undefined));
    return this.healthProbe;
  }

  private async describeCluster(): Promise<void> {
    try {
      this.adminConnected ??= this.admin.connect();
      await this.adminConnected;
      await this.admin.describeCluster();
    } catch (error) {
      this.adminConnected = undefined;
      throw error;
    }
  }
}
