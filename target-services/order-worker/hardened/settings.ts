import { type Env, intEnv } from '../../shared/service-env.js';
import { defaultQueueSettings, type QueueSettings } from '../contract/queue-contract.js';

/** Every limit of the hardened variant, each with its environment variable (see contract/README.md). */
export interface HardenedSettings {
  readonly queue: QueueSettings;
  /** `WORKER_CONCURRENCY`: deliveries handled at once per instance. */
  readonly concurrency: number;
  /** `GATEWAY_TIMEOUT_MS`: one charge call; longer than a slow gateway, the heartbeat covers it. */
  readonly gatewayTimeoutMs: number;
  /** `DB_ACQUIRE_TIMEOUT_MS`: the longest wait for a pooled connection. */
  readonly dbAcquireTimeoutMs: number;
}

export const defaultHardenedSettings: HardenedSettings = {
  queue: defaultQueueSettings,
  concurrency: 16,
  gatewayTimeoutMs: 10_000,
  dbAcquireTimeoutMs: 2_000,
};

/** `DB_POOL_MAX` when the harness gives none. */
export const defaultPoolMax = 5;

/** The heartbeat beats three times per visibility timeout, so one late beat never lets a message go. */
export function heartbeatInterval(visibilityTimeoutMs: number): number {
  return Math.max(50, Math.floor(visibilityTimeoutMs / 3));
}

export function hardenedSettingsFromEnv(env: Env): HardenedSettings {
  const d = defaultHardenedSettings;
  return {
    queue: {
      ...d.queue,
      visibilityTimeoutMs: intEnv(env, 'VISIBILITY_TIMEOUT_MS', d.queue.visibilityTimeoutMs, 1),
      maxReceives: intEnv(env, 'MAX_RECEIVES', d.queue.maxReceives, 1),
    },
    concurrency: intEnv(env, 'WORKER_CONCURRENCY', d.concurrency, 1),
    gatewayTimeoutMs: intEnv(env, 'GATEWAY_TIMEOUT_MS', d.gatewayTimeoutMs, 1),
    dbAcquireTimeoutMs: intEnv(env, 'DB_ACQUIRE_TIMEOUT_MS', d.dbAcquireTimeoutMs, 1),
  };
}
