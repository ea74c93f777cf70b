import type { EnvironmentVariables, FaultPoint } from './environment';

/** Typed configuration handed to the parts of the engine that need it. */
export interface EngineConfig {
  /** `groupsInFlight`: groups of synchronous assessments run at once; requests arriving meanwhile form the next group. */
  readonly http: { readonly port: number; readonly groupsInFlight: number };
  readonly database: { readonly url: string; readonly runMigrations: boolean };
  /**
   * `vacuumEvery`: messages the relay publishes between two vacuums of the outbox table; 0 leaves it to autovacuum.
   * `thread`: the relay runs on the engine's event loop (`main`) or on a worker thread of its own (`worker`).
   * `minCycleMs`: the shortest time between the starts of two relay cycles while the outbox holds less than a batch.
   */
  readonly outbox: { readonly vacuumEvery: number; readonly thread: 'main' | 'worker'; readonly minCycleMs: number };
  readonly kafka: { readonly brokers: string[]; readonly clientId: string; readonly groupId: string; readonly sessionTimeoutMs: number };
  readonly rules: { readonly directory: string; readonly activeRulesetId: string };
  readonly auth: { readonly jwtSecret: string | null; readonly jwksUrl: string | null };
  readonly logLevel: string;
  readonly logFormat: 'json' | 'text';
  readonly faultInjectionPoint: FaultPoint | null;
}

export const ENGINE_CONFIG = Symbol('ENGINE_CONFIG');

export function toEngineConfig(env: EnvironmentVariables): EngineConfig {
  return {
    http: { port: env.PORT, groupsInFlight: env.HTTP_GROUPS_IN_FLIGHT },
    database: { url: env.DATABASE_URL, runMigrations: env.RUN_MIGRATIONS },
    outbox: { vacuumEvery: env.OUTBOX_VACUUM_EVERY, thread: env.OUTBOX_RELAY_THREAD, minCycleMs: env.OUTBOX_RELAY_MIN_CYCLE_MS },
    kafka: {
      brokers: env.KAFKA_BROKERS.split(',').map((broker) => broker.trim()),
      clientId: env.KAFKA_CLIENT_ID,
      groupId: env.KAFKA_GROUP_ID,
      sessionTimeoutMs: env.KAFKA_SESSION_TIMEOUT_MS,
    },
    rules: { directory: env.RULES_DIR, activeRulesetId: env.ACTIVE_RULESET_ID },
    auth: {
      jwtSecret: env.AUTH_JWT_SECRET === '' ? null : env.AUTH_JWT_SECRET,
      jwksUrl: env.AUTH_JWKS_URL === '' ? null : env.AUTH_JWKS_URL,
    },
    logLevel: env.LOG_LEVEL,
    logFormat: env.LOG_FORMAT === 'text' ? 'text' : 'json',
    faultInjectionPoint: env.FAULT_INJECTION_POINT === '' ? null : (env.FAULT_INJECTION_POINT as FaultPoint),
  };
}
