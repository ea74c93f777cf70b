import { plainToInstance } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';

/** Points where fault tests can kill the engine: after a batch's database commit, after an outbox publish. */
export const FAULT_POINTS = ['after-decisions-commit', 'after-outbox-publish'] as const;
export type FaultPoint = (typeof FAULT_POINTS)[number];

const POSTGRES_URL = /^postgres(ql)?:\/\/[^/\s]+\/[A-Za-z0-9_]+(\?.*)?$/;
const BROKER_LIST = /^[A-Za-z0-9.\-_]+:\d{1,5}(,[A-Za-z0-9.\-_]+:\d{1,5})*$/;

/** Environment variables the engine reads, with their defaults. Checked once at boot. */
export class EnvironmentVariables {
  @Matches(POSTGRES_URL, { message: 'DATABASE_URL must look like postgres://user[:password]@host[:port]/database' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/risk_engine';

  @Matches(BROKER_LIST, { message: 'KAFKA_BROKERS must be a comma-separated list of host:port' })
  KAFKA_BROKERS = '127.0.0.1:9092';

  @IsInt({ message: 'PORT must be an integer' })
  @Min(0, { message: 'PORT must be between 0 and 65535 (0 picks a free port)' })
  @Max(65535, { message: 'PORT must be between 0 and 65535 (0 picks a free port)' })
  PORT = 3000;

  @IsInt({ message: 'HTTP_GROUPS_IN_FLIGHT must be an integer' })
  @Min(1, { message: 'HTTP_GROUPS_IN_FLIGHT must be between 1 and 64' })
  @Max(64, { message: 'HTTP_GROUPS_IN_FLIGHT must be between 1 and 64' })
  HTTP_GROUPS_IN_FLIGHT = 1;

  /** The outbox relay vacuums the outbox table after publishing this many messages; 0 leaves it to autovacuum. */
  @IsInt({ message: 'OUTBOX_VACUUM_EVERY must be an integer' })
  @Min(0, { message: 'OUTBOX_VACUUM_EVERY must be 0 (off) or more' })
  OUTBOX_VACUUM_EVERY = 10_000;

  /**
   * main: the outbox relay shares the engine's event loop; worker: it runs on a thread of its own.
   * A thread of its own pays off where the engine has a core to spare (ADR 0009).
   */
  @IsIn(['main', 'worker'], { message: 'OUTBOX_RELAY_THREAD must be main or worker' })
  OUTBOX_RELAY_THREAD: 'main' | 'worker' = 'main';

  /**
   * The shortest time from the start of one relay cycle (one Kafka transaction) to the start of
   * the next while the outbox has fewer messages than one batch: 0 relays each message as soon as
   * the previous transaction ends. A longer cycle carries more messages per transaction, which
   * costs the broker and PostgreSQL less CPU per decision and adds up to this much latency (ADR 0009).
   */
  @IsInt({ message: 'OUTBOX_RELAY_MIN_CYCLE_MS must be an integer' })
  @Min(0, { message: 'OUTBOX_RELAY_MIN_CYCLE_MS must be 0 or more' })
  @Max(1_000, { message: 'OUTBOX_RELAY_MIN_CYCLE_MS must be at most 1000' })
  OUTBOX_RELAY_MIN_CYCLE_MS = 0;

  @IsString()
  KAFKA_CLIENT_ID = 'risk-engine';

  @IsString()
  KAFKA_GROUP_ID = 'risk-engine';

  @IsInt({ message: 'KAFKA_SESSION_TIMEOUT_MS must be an integer' })
  @Min(6000, { message: 'KAFKA_SESSION_TIMEOUT_MS must be at least 6000 (the broker minimum)' })
  @Max(300000, { message: 'KAFKA_SESSION_TIMEOUT_MS must be at most 300000' })
  KAFKA_SESSION_TIMEOUT_MS = 10000;

  @IsString()
  RULES_DIR = 'rules';

  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'ACTIVE_RULESET_ID must be 1 to 64 letters, digits, ".", "_" or "-"' })
  ACTIVE_RULESET_ID = 'default';

  /** HS256 shared secret for bearer tokens; with AUTH_JWKS_URL unset and this empty, authentication is off. */
  @IsString()
  AUTH_JWT_SECRET = '';

  @IsOptional()
  @Matches(/^$|^https?:\/\/\S+$/, { message: 'AUTH_JWKS_URL must be an http(s) URL' })
  AUTH_JWKS_URL = '';

  @IsBoolean({ message: 'RUN_MIGRATIONS must be true or false' })
  RUN_MIGRATIONS = true;

  @IsOptional()
  @IsIn(['error', 'warn', 'log', 'debug', 'verbose'], { message: 'LOG_LEVEL must be one of error, warn, log, debug, verbose' })
  LOG_LEVEL = 'log';

  /** json: one JSON object per log line (for log shippers); text: Nest's coloured lines (for a terminal). */
  @IsIn(['json', 'text'], { message: 'LOG_FORMAT must be json or text' })
  LOG_FORMAT = 'json';

  /** Fault tests only: the engine kills itself (SIGKILL) when it reaches this point. */
  @IsIn(['', ...FAULT_POINTS], { message: `FAULT_INJECTION_POINT must be empty or one of ${FAULT_POINTS.join(', ')}` })
  FAULT_INJECTION_POINT = '';
}

export class InvalidConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'InvalidConfigurationError';
  }
}

function coerce(name: keyof EnvironmentVariables, raw: string): unknown {
  const defaults = new EnvironmentVariables();
  const example = defaults[name];
  if (typeof example === 'number') {
    return /^-?\d+$/.test(raw.trim()) ? Number(raw) : raw;
  }
  if (typeof example === 'boolean') {
    const lowered = raw.trim().toLowerCase();
    if (['true', '1', 'yes'].includes(lowered)) return true;
    if (['false', '0', 'no'].includes(lowered)) return false;
    return raw;
  }
  return raw;
}

/** Parses and validates the environment; throws one error listing every bad value. */
export function loadEnvironment(env: NodeJS.ProcessEnv = process.env): EnvironmentVariables {
  const plain: Record<string, unknown> = {};
  const keys = Object.keys(new EnvironmentVariables()) as (keyof EnvironmentVariables)[];
  for (const key of keys) {
    const raw = env[key];
    if (raw !== undefined && raw !== '') plain[key] = coerce(key, raw);
  }
  const config = plainToInstance(EnvironmentVariables, plain, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: false });
  if (errors.length > 0) {
    const problems = errors.flatMap((error) =>
      Object.values(error.constraints ?? {}).map((message) => `${message} (got ${JSON.stringify(error.value)})`),
    );
    throw new InvalidConfigurationError(problems);
  }
  return config;
}
