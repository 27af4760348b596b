import { z } from 'zod';

/** Thrown when the environment does not satisfy a service's schema; names every bad variable. */
export class ConfigError extends Error {
  readonly problems: readonly { variable: string; message: string }[];

  constructor(problems: { variable: string; message: string }[]) {
    super(
      `invalid configuration:\n${problems.map((problem) => `  ${problem.variable}: ${problem.message}`).join('\n')}`,
    );
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/**
 * Validates the environment against a schema of variables. Empty strings count as unset, so
 * `FOO=` in an env file cannot sneak past a required variable.
 */
export function loadConfig<TSchema extends z.ZodObject>(
  schema: TSchema,
  source: NodeJS.ProcessEnv = process.env,
): z.infer<TSchema> {
  const values: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = source[key];
    if (value !== undefined && value !== '') values[key] = value;
  }
  const result = schema.safeParse(values);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => ({
      variable: issue.path.map(String).join('.') || '(environment)',
      message:
        issue.code === 'invalid_type' && issue.input === undefined
          ? 'is required but not set'
          : issue.message,
    })),
  );
}

/**
 * For `main.ts`: the typed config, or a message naming each bad variable on stderr and exit
 * code 1 before anything else starts. A service that boots with half a configuration fails
 * later and further from the cause.
 */
export function loadConfigOrExit<TSchema extends z.ZodObject>(
  service: string,
  schema: TSchema,
  source: NodeJS.ProcessEnv = process.env,
): z.infer<TSchema> {
  try {
    return loadConfig(schema, source);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${service}: ${error.message}\n`);
    process.exit(1);
  }
}
