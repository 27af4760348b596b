/**
 * `npm run bench:auth`: what the auth service costs on this machine, against the devstack's
 * Postgres, Redis and Kafka, with the production argon2id parameters. Prints figures; asserts
 * nothing (speed is measured, not tested).
 *
 * 1. Logins per second over HTTP (each one an argon2id verification), `BENCH_CONCURRENCY` at once.
 * 2. Access-token verifications per second in the shared guard's verifier (`TokenVerifier`,
 *    in process: the signature, claims and cached JWKS, without HTTP around it).
 * 3. Refreshes per second over HTTP (each one a rotation in a Postgres transaction).
 */
import 'reflect-metadata';
import { availableParallelism } from 'node:os';
import { TokenVerifier } from '@shop/platform-http';
import { silenceKafkaJsTimeoutWarning } from '@shop/platform-messaging';
import { createTestDatabase, describeLatencies, testTopicPrefix } from '@shop/testing';
import {
  AuthClient,
  freePort,
  jsonOf,
  makeKey,
  startAuth,
  testEnv,
  testRedisPrefix,
  type RunningAuth,
} from '../test/support.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 4);
const verifications = Number(process.env.BENCH_VERIFICATIONS ?? 20_000);

interface Session {
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
}

function log(message: string): void {
  process.stdout.write(`${message}\n`);
}

/** Runs `work` in `workers` loops until `seconds` pass; returns the latencies of every call. */
async function loadFor(workers: number, work: (worker: number) => Promise<void>) {
  const latencies: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      while (performance.now() < deadline) {
        const begun = performance.now();
        await work(worker);
        latencies.push(performance.now() - begun);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return { latencies, perSecond: latencies.length / elapsed };
}

async function register(client: AuthClient, index: number): Promise<Session> {
  const email = `bench-${index}-${Date.now()}@example.com`;
  const password = `bench password ${index} ${Math.random()}`;
  const tokens = await jsonOf<{ accessToken: string; refreshToken: string }>(
    await client.post('/auth/register', { email, password }),
    201,
  );
  return { email, password, ...tokens };
}

async function logins(client: AuthClient, sessions: Session[]): Promise<void> {
  const { latencies, perSecond } = await loadFor(concurrency, async (worker) => {
    const { email, password } = sessions[worker];
    // One address per worker: successful logins do not count against it anyway.
    await jsonOf(await client.login(email, password, `198.51.100.${worker + 1}`), 200);
  });
  log(`  login: ${perSecond.toFixed(1)}/s, ${describeLatencies(latencies)}`);
}

async function tokenVerifications(auth: RunningAuth, session: Session): Promise<void> {
  const verifier = auth.app.get(TokenVerifier);
  await verifier.verify(session.accessToken); // fetches and caches the JWKS
  const started = performance.now();
  for (let i = 0; i < verifications; i++) await verifier.verify(session.accessToken);
  const elapsed = (performance.now() - started) / 1000;
  log(
    `  token verification (TokenVerifier, in process): ${Math.round(verifications / elapsed)}/s ` +
      `(${verifications} in ${elapsed.toFixed(2)} s, ${((elapsed * 1e6) / verifications).toFixed(1)} µs each)`,
  );
  const me = await loadFor(concurrency, async () => {
    await jsonOf(await new AuthClient(auth.url).me(session.accessToken), 200);
  });
  log(
    `  GET /auth/me (guard + one row read, HTTP): ${me.perSecond.toFixed(0)}/s, ${describeLatencies(me.latencies)}`,
  );
}

async function refreshes(client: AuthClient, sessions: Session[]): Promise<void> {
  const tokens = sessions.map((session) => session.refreshToken);
  const { latencies, perSecond } = await loadFor(concurrency, async (worker) => {
    // Each worker follows its own family: a refresh token works once.
    const next = await jsonOf<{ refreshToken: string }>(
      await client.post('/auth/refresh', { refreshToken: tokens[worker] }),
      200,
    );
    tokens[worker] = next.refreshToken;
  });
  log(`  refresh: ${perSecond.toFixed(0)}/s, ${describeLatencies(latencies)}`);
}

async function main(): Promise<void> {
  silenceKafkaJsTimeoutWarning();
  const db = await createTestDatabase('bench_auth');
  const auth = await startAuth(
    testEnv({
      databaseUrl: db.url,
      topicPrefix: testTopicPrefix('bench_auth'),
      redisKeyPrefix: testRedisPrefix('bench_auth'),
      port: await freePort(),
      signingKey: makeKey('bench-key').privateJwk,
    }),
  );
  try {
    const { memoryCost, timeCost, parallelism } = auth.config.passwordHashing;
    log(
      `auth benchmark on ${process.platform}/${process.arch}, ${availableParallelism()} cores, ` +
        `Node ${process.version}, ${seconds} s per HTTP scenario, concurrency ${concurrency}`,
    );
    log(
      `  argon2id m=${memoryCost} KiB, t=${timeCost}, p=${parallelism}; ` +
        `libuv pool ${process.env.UV_THREADPOOL_SIZE ?? 4} threads`,
    );
    const client = new AuthClient(auth.url);
    const sessions: Session[] = [];
    for (let i = 0; i < concurrency; i++) sessions.push(await register(client, i));
    await logins(client, sessions);
    await tokenVerifications(auth, sessions[0]);
    await refreshes(client, sessions);
  } finally {
    await auth.close();
    await db.drop();
  }
}

await main();
