import pg from 'pg';
import { runScript, type ScriptRun } from './script.js';

/**
 * A service's `main.ts` (e.g. `services/order/src/main.ts`) with MIGRATE_ONLY=true, as the
 * chart's hook Job runs it: only the store's settings (the full schema's Kafka, Redis and token
 * settings are absent) and PORT set to `busyPort`, a port in use, so that a process that tried to
 * serve would fail. Killed after 90 s.
 */
export function runMigrateOnly(
  main: string,
  postgresUrl: string,
  busyPort: number,
): Promise<ScriptRun> {
  return runScript(
    main,
    {
      OTEL_SDK_DISABLED: 'true',
      MIGRATE_ONLY: 'true',
      HOST: '127.0.0.1',
      PORT: String(busyPort),
      LOG_LEVEL: 'info',
      POSTGRES_URL: postgresUrl,
    },
    90_000,
  );
}

/** The names of the tables in a Postgres database's `public` schema. */
export async function publicTables(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
    );
    return rows.map((row) => row.table_name);
  } finally {
    await client.end();
  }
}
