import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import cassandraDriver from 'cassandra-driver';
import { mavenRuntime, requireJava } from '../provision.ts';
import type { Server } from '../server.ts';
import { devstackDir, paths, settings } from '../settings.ts';

const cfg = settings.cassandra;
const dataDir = join(paths.data, 'cassandra');
const confDir = join(paths.run, 'cassandra');

function cassandraYaml(): string {
  const dir = (name: string) => join(dataDir, name);
  return `# Written by tools/devstack: a single test node on ${settings.host}.
cluster_name: shop-devstack
num_tokens: 1
partitioner: org.apache.cassandra.dht.Murmur3Partitioner
endpoint_snitch: SimpleSnitch
commitlog_sync: periodic
commitlog_sync_period: 10000ms
seed_provider:
  - class_name: org.apache.cassandra.locator.SimpleSeedProvider
    parameters:
      - seeds: "${settings.host}:${cfg.storagePort}"
listen_address: ${settings.host}
rpc_address: ${settings.host}
storage_port: ${cfg.storagePort}
native_transport_port: ${cfg.port}
start_native_transport: true
data_file_directories: [${dir('data')}]
commitlog_directory: ${dir('commitlog')}
saved_caches_directory: ${dir('saved_caches')}
hints_directory: ${dir('hints')}
cdc_raw_directory: ${dir('cdc_raw')}
# Lightweight transactions under contention are the point of the inventory tests: give Paxos room.
cas_contention_timeout: 2000ms
write_request_timeout: 5000ms
read_request_timeout: 5000ms
concurrent_reads: 8
concurrent_writes: 8
concurrent_counter_writes: 8
`;
}

const logback = `<configuration>
  <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
    <encoder><pattern>%-5level [%thread] %date{ISO8601} %F:%L - %msg%n</pattern></encoder>
  </appender>
  <root level="INFO"><appender-ref ref="STDOUT"/></root>
</configuration>
`;

/** From upstream conf/jvm17-server.options: what Cassandra 5 needs to run on Java 17. */
const java17Options = [
  '-Djdk.attach.allowAttachSelf=true',
  ...[
    'java.base/jdk.internal.misc',
    'java.management.rmi/com.sun.jmx.remote.internal.rmi',
    'java.rmi/sun.rmi.registry',
    'java.rmi/sun.rmi.server',
    'java.sql/java.sql',
    'java.base/java.lang.ref',
    'jdk.unsupported/sun.misc',
    'jdk.compiler/com.sun.tools.javac.file',
    'jdk.attach/sun.tools.attach',
  ].flatMap((pkg) => ['--add-exports', `${pkg}=ALL-UNNAMED`]),
  ...[
    'java.base/java.lang.module',
    'java.base/jdk.internal.loader',
    'java.base/jdk.internal.ref',
    'java.base/jdk.internal.reflect',
    'java.base/jdk.internal.math',
    'java.base/jdk.internal.module',
    'java.base/jdk.internal.util.jar',
    'jdk.management/com.sun.management.internal',
    'java.base/sun.nio.ch',
    'java.base/java.io',
    'java.base/java.lang.reflect',
    'jdk.compiler/com.sun.tools.javac',
    'java.base/java.lang',
    'java.base/java.util',
  ].flatMap((pkg) => ['--add-opens', `${pkg}=ALL-UNNAMED`]),
  '-Dio.netty.tryReflectionSetAccessible=true',
];

export const cassandra: Server = {
  name: 'cassandra',
  port: cfg.port,
  dataDir,
  stopSignal: 'SIGTERM',
  bootHint: 'slow',

  async prepare() {
    const java = await requireJava('cassandra', settings.java);
    const lib = await mavenRuntime(
      'cassandra',
      `cassandra-${cfg.version}`,
      join(devstackDir, 'maven', 'cassandra', 'pom.xml'),
    );
    const jamm = readdirSync(lib).find((jar) => jar.startsWith('jamm-'));
    if (!jamm) throw new Error('cassandra: the jamm agent jar is missing from the Maven download');
    mkdirSync(confDir, { recursive: true });
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(confDir, 'cassandra.yaml'), cassandraYaml());
    writeFileSync(join(confDir, 'logback.xml'), logback);
    return {
      cmd: java,
      args: [
        `-Xms${cfg.heapMb}m`,
        `-Xmx${cfg.heapMb}m`,
        '-XX:+UseG1GC',
        '-XX:MaxGCPauseMillis=300',
        ...java17Options,
        `-javaagent:${join(lib, jamm)}`,
        `-Dcassandra.config=file://${join(confDir, 'cassandra.yaml')}`,
        `-Dlogback.configurationFile=file://${join(confDir, 'logback.xml')}`,
        `-Dcassandra.storagedir=${dataDir}`,
        `-Dcassandra.jmx.local.port=${cfg.jmxPort}`,
        '-Dcassandra-foreground=yes',
        // A single test node: no peers to wait for, and system tables need no fsync.
        '-Dcassandra.skip_wait_for_gossip_to_settle=0',
        '-Dcassandra.unsafesystem=true',
        '-cp',
        `${lib}/*`,
        'org.apache.cassandra.service.CassandraDaemon',
      ],
    };
  },

  async probe() {
    const client = new cassandraDriver.Client({
      contactPoints: [`${settings.host}:${cfg.port}`],
      localDataCenter: cfg.datacenter,
      socketOptions: { connectTimeout: 2000, readTimeout: 5000 },
    });
    try {
      await client.connect();
      await client.execute('SELECT release_version FROM system.local');
    } finally {
      await client.shutdown();
    }
  },

  env() {
    return {
      CASSANDRA_CONTACT_POINTS: `${settings.host}:${cfg.port}`,
      CASSANDRA_LOCAL_DATACENTER: cfg.datacenter,
    };
  },
};
