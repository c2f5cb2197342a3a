import { type Env, intEnv } from '../../shared/service-env.js';
import { defaultRetryPolicy, type RetryPolicy } from './adapters/postgres/retry-policy.js';

/** Every limit of the hardened variant, each with its environment variable (see the README). */
export interface HardenedSettings {
  /** `REQUEST_DEADLINE_MS`: a request's whole budget; routing stops when it passes. */
  readonly requestDeadlineMs: number;
  /**
   * Share of the deadline a region job may spend routing; the rest is kept for writing what was
   * routed (a batch write takes tens of milliseconds, routing a region can take seconds).
   */
  readonly routingBudgetShare: number;
  /** `DB_ACQUIRE_TIMEOUT_MS`: the longest wait for a pooled connection. */
  readonly dbAcquireTimeoutMs: number;
  /** `DB_STATEMENT_TIMEOUT_MS`: `SET LOCAL statement_timeout` of every transaction. */
  readonly statementTimeoutMs: number;
  /** `MAX_BULK_IN_FLIGHT`: region reassignments at once per instance; more are shed (429). */
  readonly maxBulkInFlight: number;
  /** `MAX_SINGLE_IN_FLIGHT`: single-truck assignments at once per instance; more are shed (429). */
  readonly maxSingleInFlight: number;
  /** `MAP_CONCURRENCY_PER_REQUEST`: map calls in flight for one region reassignment. */
  readonly mapConcurrencyPerRequest: number;
  /** `MAP_MAX_IN_FLIGHT`: map calls in flight for the whole instance. */
  readonly mapMaxInFlight: number;
  /** `WRITE_BATCH_SIZE`: rows per write transaction. */
  readonly writeBatchSize: number;
  readonly retry: RetryPolicy;
  readonly attemptsOnConflict: number;
}

export const defaultHardenedSettings: HardenedSettings = {
  requestDeadlineMs: 10_000,
  routingBudgetShare: 0.8,
  dbAcquireTimeoutMs: 2_000,
  statementTimeoutMs: 5_000,
  maxBulkInFlight: 2,
  maxSingleInFlight: 64,
  mapConcurrencyPerRequest: 16,
  mapMaxInFlight: 64,
  writeBatchSize: 500,
  retry: defaultRetryPolicy,
  attemptsOnConflict: 2,
};

/** `DB_POOL_MAX` when the harness gives none: a small pool is the safe default behind PgBouncer. */
export const defaultPoolMax = 5;

export function hardenedSettingsFromEnv(env: Env): HardenedSettings {
  const d = defaultHardenedSettings;
  return {
    ...d,
    requestDeadlineMs: intEnv(env, 'REQUEST_DEADLINE_MS', d.requestDeadlineMs, 1),
    dbAcquireTimeoutMs: intEnv(env, 'DB_ACQUIRE_TIMEOUT_MS', d.dbAcquireTimeoutMs, 1),
    statementTimeoutMs: intEnv(env, 'DB_STATEMENT_TIMEOUT_MS', d.statementTimeoutMs, 1),
    maxBulkInFlight: intEnv(env, 'MAX_BULK_IN_FLIGHT', d.maxBulkInFlight, 1),
    maxSingleInFlight: intEnv(env, 'MAX_SINGLE_IN_FLIGHT', d.maxSingleInFlight, 1),
    mapConcurrencyPerRequest: intEnv(env, 'MAP_CONCURRENCY_PER_REQUEST', d.mapConcurrencyPerRequest, 1),
    mapMaxInFlight: intEnv(env, 'MAP_MAX_IN_FLIGHT', d.mapMaxInFlight, 1),
    writeBatchSize: intEnv(env, 'WRITE_BATCH_SIZE', d.writeBatchSize, 1),
  };
}
