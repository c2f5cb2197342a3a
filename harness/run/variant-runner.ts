import { join } from 'node:path';
import pg from 'pg';
import { parseDuration } from '../cli/duration.js';
import { StampedeError } from '../errors/stampede-error.js';
import type { StackEndpoints } from '../infra/stack-types.js';
import { createLoadRun, type LoadEngine, type LoadProgress, type LoadResult } from '../load/index.js';
import type { ProbeTimeline } from '../probes/index.js';
import { mergeThresholds } from '../report/threshold-flags.js';
import type { Invariant, ScenarioContext, ScenarioDefinition, Thresholds, VariantName } from '../scenario/scenario-types.js';
import { evaluateThresholds } from '../scenario/thresholds.js';
import { chaosEffects } from './chaos-effects.js';
import { type ChaosEvent, startChaos } from './chaos-timeline.js';
import { summarizeMetrics } from './metrics-summary.js';
import { deadlockEvidence, logOffset } from './postgres-log-evidence.js';
import type { ProxyFleet } from './proxies.js';
import { prepareRunProbes, type RunProbes } from './run-probes.js';
import type { InstanceRecord, InvariantRecord, RunStatus, VariantRecord } from './run-record.js';
import { type ServiceProcess, startService } from './service-process.js';
import { mergeTimeline } from './timeline-merge.js';

export interface VariantRunOptions {
  readonly scenario: ScenarioDefinition;
  readonly variant: VariantName;
  readonly endpoints: StackEndpoints;
  readonly fleet: ProxyFleet;
  readonly distRoot: string;
  readonly seed: number;
  readonly scale: number;
  /** Stretches every stage and chaos time so the load phase lasts this long. */
  readonly timeFactor: number;
  /** PgBouncer's default_pool_size: the connection budget the hardened instances share. */
  readonly poolBudget: number;
  readonly signal: AbortSignal;
  /** PostgreSQL's log file when the harness runs the server (native provider), for evidence. */
  readonly postgresLog?: string;
  readonly onProgress?: (variant: VariantName, progress: LoadProgress) => void;
  readonly onInfo?: (line: string) => void;
  /** Thresholds from the command line (`--threshold`), judged with the scenario's expect. */
  readonly extraThresholds?: Thresholds;
  /** What generates the load (default our engine; `stampede run --engine k6` hands in k6). */
  readonly loadEngine?: LoadEngine;
}

const hostPort = (url: string) => {
  const u = new URL(url);
  return `${u.hostname}:${u.port}`;
};
const envName = (upstream: string) => `${upstream.replace(/-/g, '_').toUpperCase()}_URL`;
const scaled = (text: string, factor: number) => Math.round((parseDuration(text) ?? 0) * factor);

/** Runs one variant from seed to invariants; the caller owns the infrastructure and the fleet. */
export async function runVariant(options: VariantRunOptions): Promise<VariantRecord> {
  const { scenario, variant, fleet, signal } = options;
  const startedAt = new Date();
  const info = options.onInfo ?? (() => {});
  const db = new pg.Pool({ connectionString: options.endpoints.postgresUrl, max: 2 });
  db.on('error', () => {});
  const upstreamUrls: Record<string, string> = {};
  const ctx: ScenarioContext = {
    databaseUrl: options.endpoints.postgresUrl,
    redisUrl: options.endpoints.redisUrl,
    db,
    variant,
    upstreams: upstreamUrls,
    scale: options.scale,
    seed: options.seed,
  };
  const processes: ServiceProcess[] = [];
  let instances: ServiceProcess[] = [];
  let load: LoadResult | null = null;
  let chaosEvents: ChaosEvent[] = [];
  let invariants: InvariantRecord[] = [];
  let seeded: Record<string, number> = {};
  let status: RunStatus = 'completed';
  let reason: { code: string; message: string } | undefined;
  let probes: RunProbes | undefined;
  let logStart = 0;
  let probeResult: ProbeTimeline | null = null;

  try {
    info(`${variant}: seeding`);
    seeded = { ...(await scenario.seed(ctx)) };
    const upstreams = await Promise.all(
      scenario.upstreams.map((name) =>
        startService({ instance: name, entry: join(options.distRoot, 'target-services', 'upstreams', name, 'main.js'), env: {}, signal }),
      ),
    );
    processes.push(...upstreams);
    for (const upstream of upstreams) upstreamUrls[upstream.instance] = upstream.url;
    await fleet.create([
      { name: 'postgres', upstream: hostPort(options.endpoints.postgresUrl) },
      { name: 'pgbouncer', upstream: hostPort(options.endpoints.pgbouncerUrl) },
      { name: 'redis', upstream: hostPort(options.endpoints.redisUrl) },
      ...upstreams.map((u) => ({ name: u.instance, upstream: `127.0.0.1:${u.port}` })),
    ]);
    const viaProxy = (name: string, url: string) => {
      const u = new URL(url);
      u.port = String(fleet.handle(name).port);
      return u.toString();
    };
    const env: Record<string, string> = {
      DATABASE_URL: viaProxy('pgbouncer', options.endpoints.pgbouncerUrl),
      REDIS_URL: viaProxy('redis', options.endpoints.redisUrl),
      DB_POOL_MAX: String(Math.max(1, Math.floor(options.poolBudget / scenario.instances))),
      ...Object.fromEntries(upstreams.map((u) => [envName(u.instance), `http://127.0.0.1:${fleet.handle(u.instance).port}`])),
      ...scenario.serviceEnv,
    };
    info(`${variant}: starting ${scenario.instances} instance(s)`);
    const entry = join(options.distRoot, 'target-services', scenario.service, variant, 'main.js');
    const startInstance = (index: number) => startService({ instance: `${variant}-${index + 1}`, entry, env, signal });
    instances = await Promise.all(Array.from({ length: scenario.instances }, (_, i) => startInstance(i)));
    processes.push(...instances);
    if (signal.aborted) throw new StampedeError('STAMPEDE_INTERRUPTED', 'interrupted before the load phase');

    const workload = scenario.workload(ctx);
    logStart = options.postgresLog ? logOffset(options.postgresLog) : 0;
    probes = await prepareRunProbes(options.endpoints, instances, upstreams);
    // One clock for load, chaos and probes: second 0 starts now.
    const clock = Date.now();
    probes.start(clock);
    const loadRun = (options.loadEngine ?? createLoadRun)(
      {
        model: 'arrival-rate',
        startRate: scenario.load.startRate ?? 0,
        stages: scenario.load.stages.map((s) => ({ duration: scaled(String(s.duration), options.timeFactor), target: s.target })),
        maxInFlight: scenario.load.maxInFlight,
        timeout: scenario.load.timeout,
        connections: scenario.load.connections ?? 64,
        targets: instances.map((i) => i.url),
        requests: workload.requests,
        seed: options.seed,
      },
      { signal, onSecond: (p) => options.onProgress?.(variant, p) },
    );
    const slots: (ServiceProcess | null)[] = [...instances];
    const live = () => slots.filter((i): i is ServiceProcess => i !== null);
    const chaos = startChaos(
      scenario.chaos.map((step) => ({
        ...step,
        at: `${scaled(step.at, options.timeFactor)}ms`,
        ...(step.for ? { for: `${scaled(step.for, options.timeFactor)}ms` } : {}),
      })),
      chaosEffects({
        fleet,
        db,
        instances: slots,
        start: async (index) => {
          const restarted = await startInstance(index);
          processes.push(restarted);
          instances.push(restarted);
          return restarted;
        },
        changed: (fresh) => {
          loadRun.setTargets(live().map((i) => i.url));
          probes?.setInstances(live(), fresh);
        },
      }),
      clock,
    );
    load = await loadRun.result;
    chaosEvents = await chaos.stop();
    await fleet.reset().catch(() => {});
    probeResult = await probes.stop();
    probes = undefined;
    if (load.status === 'interrupted') {
      status = 'interrupted';
      reason = { code: 'STAMPEDE_INTERRUPTED', message: 'stopped by Ctrl-C or SIGTERM during the load phase' };
    }
    info(`${variant}: checking invariants`);
    invariants = await checkInvariants(workload.invariants, ctx);
  } catch (err) {
    status = signal.aborted ? 'interrupted' : 'failed';
    const error =
      err instanceof StampedeError
        ? err
        : new StampedeError('STAMPEDE_INTERNAL', err instanceof Error ? err.message : String(err), { cause: err });
    reason = { code: signal.aborted ? 'STAMPEDE_INTERRUPTED' : error.code, message: error.message };
    if (!signal.aborted && !(err instanceof StampedeError)) throw err;
  } finally {
    if (probes) probeResult = await probes.stop().catch(() => null);
    await Promise.all(processes.map((p) => p.stop().catch(() => {})));
    await db.end().catch(() => {});
  }

  const deadlocks = options.postgresLog && status !== 'failed' ? deadlockEvidence(options.postgresLog, logStart) : undefined;
  const timeline = mergeTimeline(load, probeResult ? { seconds: probeResult.seconds, series: probeResult.series } : null);
  const metrics = summarizeMetrics(load, timeline, invariants);
  if (deadlocks) metrics.pg_log_deadlocks = { count: deadlocks.reports, value: deadlocks.reports };
  const expect = mergeThresholds(scenario.expect[variant] ?? {}, options.extraThresholds ?? {});
  const verdicts = status === 'completed' ? evaluateThresholds(expect, metrics) : [];
  const instanceRecords: InstanceRecord[] = instances.map((i) => ({ instance: i.instance, pid: i.pid, url: i.url }));
  const { timeline: _rows, ...loadWithoutRows } = load ?? { timeline: null };
  return {
    variant,
    status,
    ...(reason ? { reason } : {}),
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    instances: instanceRecords,
    seeded,
    load: load ? (loadWithoutRows as Omit<LoadResult, 'timeline'>) : null,
    timeline,
    probeErrors: probeResult?.errors ?? {},
    chaos: chaosEvents,
    ...(deadlocks ? { evidence: { postgresDeadlocks: deadlocks } } : {}),
    invariants,
    metrics,
    expect,
    verdicts,
    ok: status === 'completed' && verdicts.every((v) => v.ok),
  };
}

async function checkInvariants(list: readonly Invariant[], ctx: ScenarioContext): Promise<InvariantRecord[]> {
  const records: InvariantRecord[] = [];
  for (const invariant of list) {
    try {
      const result = await invariant.check(ctx);
      records.push({
        name: invariant.name,
        description: invariant.description,
        violations: result.violations,
        samples: result.samples.slice(0, 10),
        ...(result.figures ? { figures: result.figures } : {}),
      });
    } catch (err) {
      records.push({
        name: invariant.name,
        description: invariant.description,
        violations: 0,
        samples: [],
        error: err instanceof Error ? err.message : String(err),
      });
    }
  }
  return records;
}
