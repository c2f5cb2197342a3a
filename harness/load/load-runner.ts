import { KIND_NO_TARGET } from './error-kinds.js';
import { Exchange, type ExchangeSink } from './exchange.js';
import type { LoadResult } from './load-result.js';
import type { NormalizedPlan } from './plan-validation.js';
import { Recorder } from './recorder.js';
import { type MixEntry, RequestMix } from './request-mix.js';
import { ResponseJudge } from './response-outcome.js';
import type { ResponseParser } from './response-parser.js';
import { buildResult } from './result-builder.js';
import { progressOf, traceEvent } from './run-events.js';
import type { ExchangeTrace, LoadRunOptions } from './run-options.js';
import { ArrivalScheduler } from './scheduler.js';
import { ArrivalClock } from './stages.js';
import { TargetPool } from './target-pool.js';
import { parseTarget, type Target } from './target-url.js';
import { VuDriver } from './vu-driver.js';

type State = 'running' | 'draining' | 'closing' | 'done';

/**
 * Runs one load plan: issues requests (scheduler or VUs), routes them round-robin to the target
 * pools, records what happens, and ends on time, on abort, or on a broken builder.
 */
export class LoadRunner implements ExchangeSink {
  readonly result: Promise<LoadResult>;
  private resolve!: (result: LoadResult) => void;
  private reject!: (err: unknown) => void;
  private state: State = 'running';
  private interrupted = false;
  private failure: unknown;
  private readonly mix: RequestMix;
  private readonly recorder: Recorder;
  private readonly judge = new ResponseJudge();
  private readonly allPools: TargetPool[] = [];
  private pools: TargetPool[] = [];
  private roundRobin = 0;
  private inFlight = 0;
  private origin = 0;
  private startedAt = new Date();
  private loadPhaseEnd = 0;
  private endedAt = 0;
  private second = 0;
  private scheduler: ArrivalScheduler | undefined;
  private driver: VuDriver | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private secondTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly plan: NormalizedPlan,
    private readonly options: LoadRunOptions,
  ) {
    this.result = new Promise<LoadResult>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    this.mix = new RequestMix(plan.requests, plan.seed);
    this.recorder = new Recorder(
      this.mix.entries.map((e) => e.name),
      plan.model === 'arrival-rate' ? plan.ramps.length : 1,
    );
    for (const target of plan.targets) this.pools.push(this.addPool(target));
  }

  start(): void {
    const signal = this.options.signal;
    this.origin = performance.now();
    this.startedAt = new Date();
    if (signal?.aborted) {
      this.interrupt();
      return;
    }
    signal?.addEventListener('abort', this.onAbort, { once: true });
    this.scheduleSecond();
    const sweepEvery = Math.min(250, Math.max(5, this.plan.timeoutMs / 20));
    const sweep = setInterval(() => this.sweep(), sweepEvery);
    this.timers.add(sweep);
    this.later(this.plan.durationMs, () => this.endLoadPhase());
    try {
      if (this.plan.model === 'arrival-rate') {
        this.scheduler = new ArrivalScheduler(new ArrivalClock(this.plan.ramps), this.origin, this.onArrival, this.onDropped, () => {});
        this.scheduler.start();
      } else {
        this.driver = new VuDriver(this.plan.vus, this.plan.thinkTimeMs, this.onVuTurn);
        this.driver.start();
      }
    } catch (err) {
      this.fail(err);
    }
  }

  setTargets(urls: readonly string[]): void {
    if (this.state === 'closing' || this.state === 'done') return;
    const parsed = urls.map((url) => parseTarget(url, this.plan.allowRemoteTarget));
    const current = new Map(this.pools.map((pool) => [pool.target.url, pool]));
    const next = parsed.map((target) => current.get(target.url) ?? this.addPool(target));
    for (const pool of this.pools) if (!next.includes(pool)) pool.drain();
    this.pools = next;
  }

  interrupt(): void {
    if (this.state === 'closing' || this.state === 'done') return;
    this.interrupted = true;
    this.finish();
  }

  private readonly onAbort = () => this.interrupt();

  private addPool(target: Target): TargetPool {
    const pool = new TargetPool(target, this.allPools.length, this.plan.connections, this);
    this.allPools.push(pool);
    return pool;
  }

  private later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }

  // ---- issuing requests (hot path) ----

  private readonly onArrival = (sequence: number, intendedAt: number, stage: number): boolean => {
    if (this.inFlight >= this.plan.maxInFlight) return false;
    this.recorder.scheduledOne(stage);
    this.issue(sequence, intendedAt, stage, -1);
    return true;
  };

  private readonly onDropped = (stage: number, count: number): void => this.recorder.droppedMany(stage, count);

  private readonly onVuTurn = (sequence: number, vu: number): boolean => {
    this.recorder.scheduledOne(0);
    return this.issue(sequence, -1, 0, vu);
  };

  /** Builds request `sequence` and hands it to the next target's pool; false if it could not be sent. */
  private issue(sequence: number, intendedAt: number, stage: number, vu: number): boolean {
    const index = this.mix.choose(sequence);
    const pools = this.pools;
    const count = pools.length;
    if (count === 0) {
      this.recorder.failureWithoutExchange(KIND_NO_TARGET, index);
      return false;
    }
    if (++this.roundRobin >= count) this.roundRobin = 0;
    const pool = pools[count === 1 ? 0 : this.roundRobin] as TargetPool;
    const entry = this.mix.entries[index] as MixEntry;
    let bytes: Buffer;
    try {
      bytes = this.mix.encode(entry, sequence, pool.target, pool.encoded);
    } catch (err) {
      this.fail(err);
      return false;
    }
    const now = performance.now();
    const exchange = new Exchange(
      sequence,
      index,
      intendedAt < 0 ? now : intendedAt,
      now,
      now + this.plan.timeoutMs,
      bytes,
      entry.check !== undefined,
      this.mix.lastNoBody,
      stage,
      vu,
      pool.index,
    );
    this.inFlight++;
    this.recorder.dispatched(exchange, this.inFlight);
    pool.dispatch(exchange, now);
    return true;
  }

  // ---- ExchangeSink ----

  sent(exchange: Exchange): void {
    this.recorder.sentOne(exchange);
  }

  responded(exchange: Exchange, parser: ResponseParser, now: number): void {
    this.inFlight--;
    exchange.settled = true;
    const entry = this.mix.entries[exchange.entry] as MixEntry;
    const kind = this.judge.judge(parser, entry.check, entry.expected);
    const checkFailure = this.judge.checkFailure;
    this.recorder.response(exchange, now, kind, checkFailure);
    if (kind !== -1) (this.allPools[exchange.pool] as TargetPool).countError();
    if (this.options.trace) this.trace(exchange, now, parser.status, kind, checkFailure);
  }

  failed(exchange: Exchange, kind: number, now: number): void {
    this.inFlight--;
    exchange.settled = true;
    this.recorder.failure(exchange, kind);
    if (this.options.trace) this.trace(exchange, now, null, kind, undefined);
  }

  private trace(exchange: Exchange, now: number, status: number | null, kind: number, checkFailure: string | undefined): void {
    const name = (this.mix.entries[exchange.entry] as MixEntry).name;
    const target = (this.allPools[exchange.pool] as TargetPool).target.url;
    (this.options.trace as (event: ExchangeTrace) => void)(traceEvent(exchange, name, target, now, status, kind, checkFailure));
  }

  settled(exchange: Exchange): void {
    if (exchange.vu >= 0 && this.driver) this.driver.settled(exchange.vu);
    if (this.state === 'draining' && this.inFlight === 0) this.finish();
  }

  socketClosed(): void {
    if (this.state === 'closing' && this.liveSockets() === 0) this.settle();
  }

  // ---- time ----

  private scheduleSecond(): void {
    const due = this.origin + (this.second + 1) * 1000;
    this.secondTimer = setTimeout(this.onSecondTick, Math.max(0, due - performance.now()));
  }

  private readonly onSecondTick = (): void => {
    const sample = this.recorder.closeSecond(this.second++, this.inFlight);
    this.scheduleSecond();
    const onSecond = this.options.onSecond;
    if (!onSecond) return;
    try {
      onSecond(progressOf(sample, this.recorder, performance.now() - this.origin, this.plan.durationMs, this.inFlight));
    } catch {
      // A progress display must not be able to break the run.
    }
  };

  private sweep(): void {
    const now = performance.now();
    for (const pool of this.allPools) pool.sweep(now);
  }

  private endLoadPhase(): void {
    if (this.state !== 'running') return;
    this.state = 'draining';
    this.loadPhaseEnd = performance.now();
    this.scheduler?.flushUntil(this.origin + this.plan.durationMs);
    this.driver?.stop();
    if (this.inFlight === 0) {
      this.finish();
      return;
    }
    // The sweep times out whatever is left within timeoutMs; this only guards against a bug.
    this.later(this.plan.timeoutMs + 1000, () => this.finish());
  }

  // ---- the end ----

  private fail(err: unknown): void {
    if (this.failure === undefined) this.failure = err;
    this.finish();
  }

  private liveSockets(): number {
    let n = 0;
    for (const pool of this.allPools) n += pool.liveSockets;
    return n;
  }

  /** Stops everything that runs; resolves once every socket has closed. */
  private finish(): void {
    if (this.state === 'closing' || this.state === 'done') return;
    this.state = 'closing';
    this.endedAt = performance.now();
    if (this.loadPhaseEnd === 0) this.loadPhaseEnd = this.endedAt;
    this.options.signal?.removeEventListener('abort', this.onAbort);
    this.scheduler?.stop();
    this.driver?.stop();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    if (this.secondTimer) clearTimeout(this.secondTimer);
    for (const pool of this.allPools) {
      for (const exchange of pool.stop()) {
        if (exchange.settled) continue;
        exchange.settled = true;
        this.recorder.abandoned++;
      }
    }
    this.recorder.closeSecond(this.second, this.inFlight);
    this.inFlight = 0;
    if (this.liveSockets() === 0) {
      this.settle();
      return;
    }
    // Destroyed sockets report 'close' on the next turns of the loop; do not wait forever.
    this.later(2000, () => this.settle());
  }

  private settle(): void {
    if (this.state === 'done') return;
    this.state = 'done';
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    if (this.failure !== undefined) {
      this.recorder.destroy();
      this.reject(this.failure);
      return;
    }
    const result = buildResult({
      plan: this.plan,
      recorder: this.recorder,
      pools: this.allPools,
      active: new Set(this.pools),
      status: this.interrupted ? 'interrupted' : 'completed',
      startedAt: this.startedAt,
      durationMs: this.endedAt - this.origin,
      loadPhaseMs: this.loadPhaseEnd - this.origin,
      names: this.mix.entries.map((e) => e.name),
    });
    this.recorder.destroy();
    this.resolve(result);
  }
}
