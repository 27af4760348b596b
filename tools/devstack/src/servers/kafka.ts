import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { say } from '../log.ts';
import { run } from '../proc.ts';
import { mavenRuntime, requireJava } from '../provision.ts';
import type { Server } from '../server.ts';
import { devstackDir, paths, settings } from '../settings.ts';

const cfg = settings.kafka;

// KafkaJS 2.2.4 computes a negative timer delay on every connection, which Node 24 reports as a
// TimeoutNegativeWarning (tulios/kafkajs#1751). The timer still fires; only the noise is dropped.
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (warning.name !== 'TimeoutNegativeWarning')
    process.stderr.write(`${warning.name}: ${warning.message}\n`);
});
const dataDir = join(paths.data, 'kafka');
const confDir = join(paths.run, 'kafka');
const broker = `${settings.host}:${cfg.port}`;

/** A single combined broker and controller (KRaft), sized and tuned for one machine. */
function serverProperties(): string {
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@${settings.host}:${cfg.controllerPort}`,
    `listeners=PLAINTEXT://${broker},CONTROLLER://${settings.host}:${cfg.controllerPort}`,
    `advertised.listeners=PLAINTEXT://${broker}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    `log.dirs=${dataDir}`,
    `num.partitions=${cfg.partitions}`,
    // One broker: every internal topic has one replica.
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=10',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    // Consumers in tests join and leave often; waiting for more members only slows them.
    'group.initial.rebalance.delay.ms=0',
    // Topics are created by the platform's own code, never by a typo in a consumer.
    'auto.create.topics.enable=false',
    'num.network.threads=2',
    'num.io.threads=4',
    'log.retention.hours=24',
    '',
  ].join('\n');
}

const log4j = [
  'log4j.rootLogger=INFO, stdout',
  'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
  'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
  'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n',
  'log4j.logger.kafka.request.logger=WARN',
  'log4j.logger.state.change.logger=WARN',
  '',
].join('\n');

export const kafka: Server = {
  name: 'kafka',
  port: cfg.port,
  dataDir,
  stopSignal: 'SIGTERM',
  bootHint: 'fast',

  async prepare() {
    const java = await requireJava('kafka', settings.java);
    const lib = await mavenRuntime(
      'kafka',
      `kafka-${cfg.version}`,
      join(devstackDir, 'maven', 'kafka', 'pom.xml'),
    );
    mkdirSync(confDir, { recursive: true });
    const properties = join(confDir, 'server.properties');
    writeFileSync(properties, serverProperties());
    writeFileSync(join(confDir, 'log4j.properties'), log4j);
    const jvm = [
      '-Xms256m',
      `-Xmx${cfg.heapMb}m`,
      '-XX:+UseG1GC',
      `-Dlog4j.configuration=file:${join(confDir, 'log4j.properties')}`,
      '-cp',
      `${lib}/*`,
    ];
    if (!existsSync(join(dataDir, 'meta.properties'))) {
      say('kafka', 'formatting the KRaft log directory (first run only)…');
      mkdirSync(dataDir, { recursive: true });
      await run(
        java,
        [...jvm, 'kafka.tools.StorageTool', 'format', '-t', randomUUID(), '-c', properties],
        {
          what: 'kafka storage format',
        },
      );
    }
    return { cmd: java, args: [...jvm, 'kafka.Kafka', properties] };
  },

  async probe() {
    const admin = new Kafka({
      clientId: 'devstack-probe',
      brokers: [broker],
      logLevel: logLevel.NOTHING,
      connectionTimeout: 2000,
      retry: { retries: 0 },
    }).admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      if (cluster.controller === null || cluster.brokers.length === 0)
        throw new Error('no controller elected yet');
      await admin.listTopics();
    } finally {
      await admin.disconnect();
    }
  },

  env() {
    return { KAFKA_BROKERS: broker };
  },
};
