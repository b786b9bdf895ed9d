import { z } from 'zod';

// #region config-schema
const databaseSchema = z.object({
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
});

// #region tracing-schema
// The standard OpenTelemetry variables the app checks at boot; the SDK reads them (and the rest of
// the standard ones: headers, sampler argument, propagators, resource attributes) itself.
const tracingSchema = z.object({
  OTEL_SDK_DISABLED: z.stringbool().default(false),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  OTEL_EXPORTER_OTLP_PROTOCOL: z.enum(['http/protobuf', 'http/json', 'grpc']).optional(),
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
  OTEL_TRACES_SAMPLER: z
    .enum([
      'always_on',
      'always_off',
      'traceidratio',
      'parentbased_always_on',
      'parentbased_always_off',
      'parentbased_traceidratio',
    ])
    .optional(),
});
// #endregion tracing-schema

const milliseconds = (fallback: number) => z.coerce.number().int().min(0).default(fallback);

/** The shortest JWT secret or internal key accepted: long enough not to be guessed. */
export const SECRET_MIN_LENGTH = 32;
const internalKey = `[a-z][a-z0-9-]*=[\\w-]{${SECRET_MIN_LENGTH},}`;

export const appSchema = databaseSchema.extend({
  ...tracingSchema.shape,
  // Each process serves Prometheus metrics on its own listener when this is set.
  METRICS_PORT: z.coerce.number().int().min(0).max(65_535).optional(),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  // How long a query may wait for a connection, and run, before the caller gets a 503.
  DATABASE_ACQUIRE_TIMEOUT_MS: z.coerce.number().int().min(100).default(1_000),
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(1_500),
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[\w-]+$/)
    .default('bq'),
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/)
    .default('100kb'),
  SHUTDOWN_TIMEOUT_MS: milliseconds(10_000),
  // Unset: 5 s in production (a load balancer sees readiness fail before the port closes), else 0.
  SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).optional(),
  OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(10).default(500),
  OVERLOAD_MAX_IN_FLIGHT: z.coerce.number().int().min(1).default(500),
  MAIL_FROM: z.string().min(3).default('Reference App <no-reply@example.com>'),
  MAIL_TRANSPORT: z.enum(['file', 'smtp']).default('file'),
  MAIL_FILE_DIR: z.string().min(1).default('.data/mail'),
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  JWT_SECRET: z.string().min(SECRET_MIN_LENGTH, `must be at least ${SECRET_MIN_LENGTH} characters`),
  // Argon2 hashes running at once (19 MiB each): about the cores the process may use.
  PASSWORD_HASH_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(900),
  REFRESH_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .default(30 * 86_400),
  SUPERADMIN_EMAIL: z.email().optional(),
  SUPERADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').max(128).optional(),
  INTERNAL_API_KEYS: z
    .string()
    .regex(
      new RegExp(`^(${internalKey})(,${internalKey})*$`),
      `must be name=key,… (keys of ${SECRET_MIN_LENGTH}+ characters)`,
    )
    .optional(),
  CORS_ORIGINS: z.string().optional(),
  TRUST_PROXY: z.stringbool().default(false),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[\w-]+$/)
    .default('app'),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60),
  RATE_LIMIT_AUTH_PER_IP: z.coerce.number().int().min(1).default(20),
  RATE_LIMIT_AUTH_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
  QUEUE_STALL_INTERVAL_MS: z.coerce.number().int().min(100).default(5_000),
  OUTBOX_POLL_INTERVAL_MS: z.coerce.number().int().min(10).default(500),
  OUTBOX_SWEEP_INTERVAL_MS: z.coerce.number().int().min(10).default(5_000),
  OUTBOX_LEASE_MARGIN_MS: milliseconds(20_000),
  OUTBOX_RETENTION_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .default(7 * 24),
  IDEMPOTENCY_KEY_TTL_HOURS: z.coerce.number().int().min(1).default(24),
  S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/)
    .default('reference-app-exports'),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_ENDPOINT: z.url().optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_FORCE_PATH_STYLE: z.stringbool().default(false),
  EXPORT_URL_TTL_SECONDS: z.coerce.number().int().min(60).max(604_800).default(900),
});
// #endregion config-schema

/** Every variable the app reads; .env.example must list each one. */
export const configVariables = Object.keys(appSchema.shape);

/** Where the API listens when HOST and PORT are left at their defaults, as under `npm run dev`. */
export const defaultApiUrl = `http://${appSchema.shape.HOST.parse(undefined)}:${appSchema.shape.PORT.parse(undefined)}`;

export type DatabaseConfig = z.infer<typeof databaseSchema>;
export type TracingConfig = z.infer<typeof tracingSchema>;
export type Config = Omit<z.infer<typeof appSchema>, 'SHUTDOWN_DRAIN_MS'> & {
  SHUTDOWN_DRAIN_MS: number;
};

/** The drain delay when SHUTDOWN_DRAIN_MS is unset. */
export const defaultDrainMs = (nodeEnv: Config['NODE_ENV']) =>
  nodeEnv === 'production' ? 5_000 : 0;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

// #region load-config
function parse<T>(schema: z.ZodType<T>, rawEnv: NodeJS.ProcessEnv): T {
  // `VAR=` means "not set": compose files and CI pass empty values for variables left blank.
  const env = Object.fromEntries(Object.entries(rawEnv).filter(([, value]) => value !== ''));
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const variable = issue.path.join('.');
    return env[variable] === undefined
      ? `${variable} is required`
      : `${variable} is invalid: ${issue.message}`;
  });
  throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
}

/** Reads and validates the environment once, at boot; throws a ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const config = parse(appSchema, env);
  if (config.MAIL_TRANSPORT === 'smtp' && !config.SMTP_URL) {
    throw new ConfigError('Invalid configuration: SMTP_URL is required when MAIL_TRANSPORT=smtp');
  }
  if (Boolean(config.SUPERADMIN_EMAIL) !== Boolean(config.SUPERADMIN_PASSWORD)) {
    throw new ConfigError(
      'Invalid configuration: SUPERADMIN_EMAIL and SUPERADMIN_PASSWORD go together (set both or neither)',
    );
  }
  return {
    ...config,
    SHUTDOWN_DRAIN_MS: config.SHUTDOWN_DRAIN_MS ?? defaultDrainMs(config.NODE_ENV),
  };
}

/** For entry points: a bad environment ends the process with the message, not a stack trace. */
export function loadConfigOrExit<T = Config>(load: () => T = loadConfig as () => T): T {
  try {
    return load();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
// #endregion load-config

/** Tracing starts before everything else, from its own variables. */
export function loadTracingConfig(env: NodeJS.ProcessEnv = process.env): TracingConfig {
  return parse(tracingSchema, env);
}

/** The migrator needs the database and nothing else. */
export function loadDatabaseConfig(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  return parse(databaseSchema, env);
}
