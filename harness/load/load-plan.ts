import type { Random } from './prng.js';

/**
 * What a load run is asked to do. Scenarios and the `stampede load` command both build one of
 * these; plan-validation.ts checks it and fills in the defaults.
 */
export type LoadPlan = ArrivalRatePlan | VusPlan;

/** Open model: requests arrive at a planned rate whatever the service does. */
export interface ArrivalRatePlan extends PlanCommon {
  readonly model: 'arrival-rate';
  /** Requests/s at time 0, before the first stage's ramp (default 0, as in k6). */
  readonly startRate?: number;
  /** Each stage ramps linearly from the previous target to its own over its duration. */
  readonly stages: readonly StageSpec[];
  /** Requests in flight (queued for a connection or on the wire) beyond which a due request is dropped (default 1000). */
  readonly maxInFlight?: number;
}

/** Closed model: N virtual users, each sending its next request when the previous ended (plus think time). */
export interface VusPlan extends PlanCommon {
  readonly model: 'vus';
  readonly vus: number;
  readonly duration: Duration;
  /** Pause between a VU's response and its next request (default 0: saturate). */
  readonly thinkTime?: Duration;
}

interface PlanCommon {
  /** Base URLs, used in round-robin; replaceable during the run with setTargets(). */
  readonly targets: readonly string[];
  /** The request mix: one template is chosen per request, by weight, with the seeded PRNG. */
  readonly requests: readonly RequestTemplate[];
  /** Same seed, same request sequence (default: a random seed, reported in the result). */
  readonly seed?: number;
  /** Keep-alive connections per target (default 100 for arrival-rate, the VU count for vus). */
  readonly connections?: number;
  /** A request without a complete response this long after it was dispatched fails as `timeout` (default 10s). */
  readonly timeout?: Duration;
  /** Allows non-loopback targets (the CLI's --allow-remote-target). */
  readonly allowRemoteTarget?: boolean;
}

/** Milliseconds, or text such as '500ms', '20s', '2m'. */
export type Duration = number | string;

export interface StageSpec {
  readonly duration: Duration;
  /** Requests/s reached at the end of the stage. */
  readonly target: number;
}

/** One entry of the request mix. */
export interface RequestTemplate {
  /** Groups the latency percentiles (LoadResult.byName). */
  readonly name: string;
  /** Relative weight in the mix (default 1). */
  readonly weight?: number;
  /**
   * A fixed request (serialised once per target and reused) or a builder called for every
   * request with a PRNG seeded from (seed, sequence number).
   */
  readonly request: RequestSpec | RequestBuilder;
  /** Looks at the response; returns the name of the failure, or nothing when it is fine. */
  readonly check?: ResponseCheck;
  /**
   * Statuses that are outcomes, not errors, for this request even though they are 4xx/5xx (k6's
   * `expectedStatuses`): "409 sold out" in a flash sale is the business answer, not a failure.
   */
  readonly expectedStatuses?: readonly number[];
}

export type RequestBuilder = (random: Random, sequence: number) => RequestSpec;

export interface RequestSpec {
  /** Default GET. */
  readonly method?: string;
  /** Path and query, starting with '/'; default: the target URL's own path. */
  readonly path?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
}

/** What a check sees. Headers have lower-case names. */
export interface ResponseView {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Returns a failure name (counted in LoadResult.checkFailures) or a falsy value when the response passes. */
export type ResponseCheck = (response: ResponseView) => string | undefined | null | false | undefined;
