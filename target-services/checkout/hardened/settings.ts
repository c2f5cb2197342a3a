import { type Env, intEnv } from '../../shared/service-env.js';
import type { RetryBudget } from './domain/retry-budget.js';

/** Every limit of the hardened variant, each with its environment variable (see the README). */
export interface HardenedSettings {
  /** `DB_ACQUIRE_TIMEOUT_MS`: the longest wait for a pooled connection. */
  readonly dbAcquireTimeoutMs: number;
  /** `DB_STATEMENT_TIMEOUT_MS`: `SET LOCAL statement_timeout` of every transaction. */
  readonly statementTimeoutMs: number;
  /**
   * The gateway: `GATEWAY_TIMEOUT_MS` per attempt, `GATEWAY_ATTEMPTS` in all, all within
   * `CHARGE_BUDGET_MS`. Past the budget the order is answered "pending", never "failed".
   */
  readonly charge: RetryBudget;
  /** `IDEMPOTENCY_WAIT_MS`: how long a duplicate waits for the request working on its key. */
  readonly idempotencyWaitMs: number;
  /** `IDEMPOTENCY_LEASE_MS`: how long a request owns its key before another may take it over. */
  readonly idempotencyLeaseMs: number;
  /** `MAX_CHECKOUTS_IN_FLIGHT` / `MAX_READS_IN_FLIGHT`: per instance, then 429. */
  readonly maxCheckoutsInFlight: number;
  readonly maxReadsInFlight: number;
  /** `REDIS_TIMEOUT_MS`: a cache command slower than this is a miss. */
  readonly redisTimeoutMs: number;
  /**
   * The reconciler of unknown charge outcomes: a pass every `RECONCILE_INTERVAL_MS` (0: never)
   * over at most `RECONCILE_BATCH` keys released at least `RECONCILE_GRACE_MS` ago.
   */
  readonly reconcile: { readonly intervalMs: number; readonly graceMs: number; readonly batch: number };
}

export const defaultHardenedSettings: HardenedSettings = {
  dbAcquireTimeoutMs: 2_000,
  statementTimeoutMs: 3_000,
  charge: { attempts: 3, attemptTimeoutMs: 2_500, budgetMs: 5_000, baseDelayMs: 100, maxDelayMs: 800 },
  idempotencyWaitMs: 6_000,
  idempotencyLeaseMs: 15_000,
  maxCheckoutsInFlight: 256,
  maxReadsInFlight: 256,
  redisTimeoutMs: 100,
  reconcile: { intervalMs: 1_000, graceMs: 2_000, batch: 20 },
};

/** `DB_POOL_MAX` when the harness gives none: a small pool is the safe default behind PgBouncer. */
export const defaultPoolMax = 5;

export function hardenedSettingsFromEnv(env: Env): HardenedSettings {
  const d = defaultHardenedSettings;
  return {
    ...d,
    dbAcquireTimeoutMs: intEnv(env, 'DB_ACQUIRE_TIMEOUT_MS', d.dbAcquireTimeoutMs, 1),
    statementTimeoutMs: intEnv(env, 'DB_STATEMENT_TIMEOUT_MS', d.statementTimeoutMs, 1),
    charge: {
      ...d.charge,
      attemptTimeoutMs: intEnv(env, 'GATEWAY_TIMEOUT_MS', d.charge.attemptTimeoutMs, 1),
      attempts: intEnv(env, 'GATEWAY_ATTEMPTS', d.charge.attempts, 1),
      budgetMs: intEnv(env, 'CHARGE_BUDGET_MS', d.charge.budgetMs, 1),
    },
    idempotencyWaitMs: intEnv(env, 'IDEMPOTENCY_WAIT_MS', d.idempotencyWaitMs, 0),
    idempotencyLeaseMs: intEnv(env, 'IDEMPOTENCY_LEASE_MS', d.idempotencyLeaseMs, 1),
    maxCheckoutsInFlight: intEnv(env, 'MAX_CHECKOUTS_IN_FLIGHT', d.maxCheckoutsInFlight, 1),
    maxReadsInFlight: intEnv(env, 'MAX_READS_IN_FLIGHT', d.maxReadsInFlight, 1),
    redisTimeoutMs: intEnv(env, 'REDIS_TIMEOUT_MS', d.redisTimeoutMs, 1),
    reconcile: {
      intervalMs: intEnv(env, 'RECONCILE_INTERVAL_MS', d.reconcile.intervalMs, 0),
      graceMs: intEnv(env, 'RECONCILE_GRACE_MS', d.reconcile.graceMs, 0),
      batch: intEnv(env, 'RECONCILE_BATCH', d.reconcile.batch, 1),
    },
  };
}
