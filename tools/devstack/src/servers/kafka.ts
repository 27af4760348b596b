import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
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
const saslBroker = `${settings.host}:${cfg.saslPort}`;
const tlsBroker = `${settings.host}:${cfg.tlsPort}`;
/** The TLS listener's key and certificate; the certificate is its own CA (`ca.pem`). */
const tls = {
  keystore: join(confDir, 'broker.p12'),
  ca: join(confDir, 'ca.pem'),
  password: 'devstack-tls',
};
const scramMechanisms = ['SCRAM-SHA-256', 'SCRAM-SHA-512'];
const scramLogin = 'org.apache.kafka.common.security.scram.ScramLoginModule required;';

/**
 * A single combined broker and controller (KRaft), sized and tuned for one machine. Besides the
 * plaintext listener every test uses, a SASL_PLAINTEXT one takes SCRAM logins only, so that the
 * services' SASL settings are tested against a real broker.
 */
function serverProperties(): string {
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@${settings.host}:${cfg.controllerPort}`,
    `listeners=PLAINTEXT://${broker},SASL_PLAINTEXT://${saslBroker},SSL://${tlsBroker},CONTROLLER://${settings.host}:${cfg.controllerPort}`,
    `advertised.listeners=PLAINTEXT://${broker},SASL_PLAINTEXT://${saslBroker},SSL://${tlsBroker}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,SSL:SSL,CONTROLLER:PLAINTEXT',
    'listener.name.ssl.ssl.keystore.type=PKCS12',
    `listener.name.ssl.ssl.keystore.location=${tls.keystore}`,
    `listener.name.ssl.ssl.keystore.password=${tls.password}`,
    `listener.name.ssl.ssl.key.password=${tls.password}`,
    `listener.name.sasl_plaintext.sasl.enabled.mechanisms=${scramMechanisms.join(',')}`,
    ...scramMechanisms.map(
      (mechanism) =>
        `listener.name.sasl_plaintext.${mechanism.toLowerCase()}.sasl.jaas.config=${scramLogin}`,
    ),
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

async function runtime(): Promise<{ java: string; lib: string }> {
  const java = await requireJava('kafka', settings.java);
  const lib = await mavenRuntime(
    'kafka',
    `kafka-${cfg.version}`,
    join(devstackDir, 'maven', 'kafka', 'pom.xml'),
  );
  return { java, lib };
}

/**
 * A self-signed key pair for the TLS listener, made once with Java's keytool (no openssl needed).
 * Its certificate names 127.0.0.1 and localhost, so clients verify the host as well as the chain.
 */
async function ensureTlsFiles(java: string): Promise<void> {
  if (existsSync(tls.keystore) && existsSync(tls.ca)) return;
  const keytool = isAbsolute(java) ? join(dirname(java), 'keytool') : 'keytool';
  rmSync(tls.keystore, { force: true });
  const store = ['-keystore', tls.keystore, '-storetype', 'PKCS12', '-storepass', tls.password];
  say('kafka', 'making the TLS listener its self-signed certificate (first run only)…');
  await run(
    keytool,
    [
      '-genkeypair',
      '-alias',
      'broker',
      '-keyalg',
      'RSA',
      '-keysize',
      '2048',
      '-validity',
      '3650',
      '-dname',
      `CN=${settings.host}`,
      '-ext',
      `SAN=IP:${settings.host},DNS:localhost`,
      '-keypass',
      tls.password,
      ...store,
    ],
    { what: 'keytool -genkeypair' },
  );
  await run(keytool, ['-exportcert', '-rfc', '-alias', 'broker', '-file', tls.ca, ...store], {
    what: 'keytool -exportcert',
  });
}

/** Whether the SCRAM user logs in through the SASL listener: `up` then skips a JVM start. */
async function scramLoginWorks(): Promise<boolean> {
  const admin = new Kafka({
    clientId: 'devstack-scram-probe',
    brokers: [saslBroker],
    sasl: { mechanism: 'scram-sha-512', username: cfg.scramUser, password: cfg.scramPassword },
    logLevel: logLevel.NOTHING,
    connectionTimeout: 2000,
    retry: { retries: 0 },
  }).admin();
  try {
    await admin.connect();
    await admin.describeCluster();
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect();
  }
}

export const kafka: Server = {
  name: 'kafka',
  port: cfg.port,
  dataDir,
  stopSignal: 'SIGTERM',
  bootHint: 'fast',

  async prepare() {
    const { java, lib } = await runtime();
    mkdirSync(confDir, { recursive: true });
    await ensureTlsFiles(java);
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

  async bootstrap() {
    if (await scramLoginWorks()) return;
    const { java, lib } = await runtime();
    say('kafka', `writing the SCRAM credentials of user ${cfg.scramUser}…`);
    // Through the admin API of the running broker: KRaft keeps SCRAM credentials in its
    // metadata log, so a data directory formatted before the SASL listener existed gets them too.
    // One mechanism per request: Kafka 3.9 refuses two credentials of one user in one request.
    // SHA-512 last, as the login check above uses it: a run cut short is finished next time.
    for (const mechanism of scramMechanisms) {
      await run(
        java,
        [
          '-Xmx128m',
          '-cp',
          `${lib}/*`,
          'kafka.admin.ConfigCommand',
          '--bootstrap-server',
          broker,
          '--alter',
          '--entity-type',
          'users',
          '--entity-name',
          cfg.scramUser,
          '--add-config',
          `${mechanism}=[password=${cfg.scramPassword}]`,
        ],
        { what: `kafka ${mechanism} credentials` },
      );
    }
  },

  env() {
    return {
      KAFKA_BROKERS: broker,
      // Not the services' KAFKA_SASL_* names: an env file sourced into a shell must not switch
      // the services to SASL on the plaintext port.
      KAFKA_SCRAM_BROKERS: saslBroker,
      KAFKA_SCRAM_USERNAME: cfg.scramUser,
      KAFKA_SCRAM_PASSWORD: cfg.scramPassword,
      KAFKA_TLS_BROKERS: tlsBroker,
      KAFKA_TLS_CA_FILE: tls.ca,
    };
  },
};
