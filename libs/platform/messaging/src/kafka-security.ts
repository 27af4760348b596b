import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { env } from '@shop/platform-config';

/** SASL mechanisms the platform supports: SCRAM keeps the password off the wire. */
export const kafkaSaslMechanisms = ['scram-sha-256', 'scram-sha-512'] as const;
export type KafkaSaslMechanism = (typeof kafkaSaslMechanisms)[number];

/** How a service proves who it is to the brokers and checks who they are. */
export interface KafkaSecurity {
  /** TLS to the brokers; `ca` (PEM) replaces the system's trusted roots when given. */
  ssl?: { ca?: string; rejectUnauthorized: boolean };
  sasl?: { mechanism: KafkaSaslMechanism; username: string; password: string };
}

/**
 * A path whose content becomes the value. Read while the environment is validated, so that a
 * missing file stops the boot naming its variable instead of failing at the first connection.
 */
const fileContent = () =>
  z
    .string()
    .min(1)
    .transform((path, ctx) => {
      try {
        return readFileSync(path, 'utf8');
      } catch (error) {
        ctx.addIssue({
          code: 'custom',
          message: `cannot read ${path}: ${(error as Error).message}`,
        });
        return z.NEVER;
      }
    });

/**
 * The Kafka security variables, the same in every service: spread into the service's env schema
 * and refine it with {@link checkKafkaSecurityEnv}.
 */
export const kafkaSecurityEnv = {
  KAFKA_SSL: env.boolean().default(false),
  KAFKA_SSL_CA_FILE: fileContent().optional(),
  KAFKA_SSL_REJECT_UNAUTHORIZED: env.boolean().default(true),
  KAFKA_SASL_MECHANISM: z
    .enum(kafkaSaslMechanisms, { message: `must be one of ${kafkaSaslMechanisms.join(', ')}` })
    .optional(),
  KAFKA_SASL_USERNAME: z.string().min(1).optional(),
  KAFKA_SASL_PASSWORD: z.string().min(1).optional(),
  /** The password from a mounted Secret file, which keeps it out of the process environment. */
  KAFKA_SASL_PASSWORD_FILE: fileContent()
    .transform((text) => text.replace(/\r?\n$/, ''))
    .optional(),
};

export type KafkaSecurityEnv = z.infer<z.ZodObject<typeof kafkaSecurityEnv>>;

type Issues = Pick<z.RefinementCtx, 'addIssue'>;

function issue(ctx: Issues, variable: string, message: string): void {
  ctx.addIssue({ code: 'custom', path: [variable], message });
}

/**
 * The rules across variables: a half-configured SASL or TLS setting is refused at boot, because
 * a client that silently connects without it would either fail far from the cause or, worse,
 * talk to an unauthenticated listener.
 */
export function checkKafkaSecurityEnv(vars: KafkaSecurityEnv, ctx: Issues): void {
  const password = vars.KAFKA_SASL_PASSWORD ?? vars.KAFKA_SASL_PASSWORD_FILE;
  if (vars.KAFKA_SASL_PASSWORD !== undefined && vars.KAFKA_SASL_PASSWORD_FILE !== undefined) {
    issue(ctx, 'KAFKA_SASL_PASSWORD_FILE', 'set either KAFKA_SASL_PASSWORD or this, not both');
  }
  if (vars.KAFKA_SASL_MECHANISM !== undefined) {
    if (vars.KAFKA_SASL_USERNAME === undefined)
      issue(ctx, 'KAFKA_SASL_USERNAME', 'is required when KAFKA_SASL_MECHANISM is set');
    if (password === undefined)
      issue(
        ctx,
        'KAFKA_SASL_PASSWORD',
        'is required (or KAFKA_SASL_PASSWORD_FILE) when KAFKA_SASL_MECHANISM is set',
      );
  } else if (vars.KAFKA_SASL_USERNAME !== undefined || password !== undefined) {
    issue(ctx, 'KAFKA_SASL_MECHANISM', 'is required when SASL credentials are set');
  }
  if (!vars.KAFKA_SSL) {
    if (vars.KAFKA_SSL_CA_FILE !== undefined)
      issue(ctx, 'KAFKA_SSL', 'must be true when KAFKA_SSL_CA_FILE is set');
    if (!vars.KAFKA_SSL_REJECT_UNAUTHORIZED)
      issue(ctx, 'KAFKA_SSL', 'must be true when KAFKA_SSL_REJECT_UNAUTHORIZED is set');
  }
}

/** The validated variables as the settings `createKafka` takes. */
export function kafkaSecurityFromEnv(vars: KafkaSecurityEnv): KafkaSecurity {
  const security: KafkaSecurity = {};
  if (vars.KAFKA_SSL) {
    security.ssl = { rejectUnauthorized: vars.KAFKA_SSL_REJECT_UNAUTHORIZED };
    if (vars.KAFKA_SSL_CA_FILE !== undefined) security.ssl.ca = vars.KAFKA_SSL_CA_FILE;
  }
  const password = vars.KAFKA_SASL_PASSWORD ?? vars.KAFKA_SASL_PASSWORD_FILE;
  if (vars.KAFKA_SASL_MECHANISM && vars.KAFKA_SASL_USERNAME && password !== undefined) {
    security.sasl = {
      mechanism: vars.KAFKA_SASL_MECHANISM,
      username: vars.KAFKA_SASL_USERNAME,
      password,
    };
  }
  return security;
}
