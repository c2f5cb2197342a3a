/**
 * One sample: series values keyed by a name local to the probe (`deadlocks`, `cl_waiting`).
 * `null` means "could not be read this time"; the sampler prefixes every key with the probe name.
 */
export type ProbeValues = Record<string, number | null>;

/**
 * The port every probe implements (PostgreSQL, PgBouncer, Redis, services, processes). A probe
 * holds at most one persistent connection to what it observes, never goes through Toxiproxy,
 * and honours `signal`: once it is aborted the sampler has already recorded `null` for this
 * tick, so the probe must give up without keeping any state from the abandoned sample.
 */
export interface Probe {
  /** Prefix of this probe's series (`pg`, `pgbouncer`, `redis`, `services`, `process`). */
  readonly name: string;
  /**
   * Reads the current values. May reject (the sampler counts an error and records nulls); must
   * settle or abandon its work soon after `signal` aborts.
   */
  sample(signal: AbortSignal): Promise<ProbeValues>;
  /** Releases the probe's connection; idempotent, bounded, never rejects. */
  close(): Promise<void>;
}
