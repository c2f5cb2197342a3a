import pg from 'pg';
import { chaosEffects } from '../chaos/chaos-effects.js';
import { type ChaosRun, startChaos } from '../chaos/chaos-timeline.js';
import { parseDuration } from '../common/duration.js';
import { StampedeError } from '../errors/stampede-error.js';
import { createLoadRun } from '../load/index.js';
import { settleCounters } from '../probes/index.js';
import type { ChaosEvent, VariantRecord } from '../record/run-record.js';
import type { ScenarioContext, Workload } from '../scenario/scenario-types.js';
import { credentials } from '../settings/stack-settings.js';
import { checkInvariants, checkWork } from './checks.js';
import { logOffset } from './postgres-log-evidence.js';
import { prepareRunProbes, type RunProbes } from './run-probes.js';
import { scenarioHook } from './scenario-hooks.js';
import { buildVariantRecord } from './variant-record.js';
import { startVariantServices, type VariantServices } from './variant-services.js';
import type { VariantOutcome, VariantRunOptions } from './variant-types.js';

export type { VariantRunOptions } from './variant-types.js';

/** How long a workload's drain may take after the load stops. */
const drainLimitMs = 30_000;

const scaled = (text: string, factor: number) => Math.round((parseDuration(text) ?? 0) * factor);

/**
 * Runs one variant as a sequence of phases: seed, start, drive (load, chaos and probes on one
 * clock), settle (drain, stop the instances, let the counters settle), check (work and
 * invariants), record. The caller owns the infrastructure and the proxy fleet.
 */
export async function runVariant(options: VariantRunOptions): Promise<VariantRecord> {
  const startedAt = new Date();
  const info = options.onInfo ?? (() => {});
  const db = new pg.Pool({ connectionString: options.endpoints.postgresUrl, max: 2 });
  db.on('error', () => {});
  const upstreams: Record<string, string> = {};
  const ctx: ScenarioContext = {
    databaseUrl: options.endpoints.postgresUrl,
    redisUrl: options.endpoints.redisUrl,
    db,
    variant: options.variant,
    upstreams,
    scale: options.scale,
    seed: options.seed,
  };
  const outcome: VariantOutcome = {
    status: 'completed',
    seeded: {},
    load: null,
    probeTimeline: null,
    chaos: [],
    invariants: [],
    logStart: 0,
  };
  let probes: RunProbes | undefined;
  const name = options.scenario.name;
  try {
    info(`${options.variant}: seeding`);
    outcome.seeded = { ...(await scenarioHook(name, 'seed()', () => options.scenario.seed(ctx))) };
    info(`${options.variant}: starting ${options.scenario.instances} instance(s)`);
    const services = await startVariantServices(options);
    outcome.services = services;
    Object.assign(upstreams, services.upstreamUrls);
    if (options.signal.aborted) throw new StampedeError('STAMPEDE_INTERRUPTED', 'interrupted before the load phase');

    const workload = await scenarioHook(name, 'workload()', () => options.scenario.workload(ctx));
    outcome.logStart = options.postgresLog ? logOffset(options.postgresLog) : 0;
    probes = await prepareRunProbes(options.endpoints, services.live(), services.upstreams);
    await drive(options, workload, ctx, services, probes, outcome);
    if (outcome.status === 'completed') {
      await settle(options, workload, ctx, services, probes, outcome);
      info(`${options.variant}: checking work and invariants`);
      outcome.work = await scenarioHook(name, 'work()', () => checkWork(workload, ctx));
      outcome.invariants = await checkInvariants(workload.invariants, ctx);
    }
  } catch (err) {
    fail(outcome, err, options.signal);
  } finally {
    if (probes) outcome.probeTimeline ??= await probes.stop().catch(() => null);
    await outcome.services?.stopAll();
    await db.end().catch(() => {});
  }
  return buildVariantRecord(options, outcome, startedAt);
}

/** Load, chaos and probes on one clock: second 0 starts now. A fault that fails to apply ends the load and fails the variant. */
async function drive(
  options: VariantRunOptions,
  workload: Workload,
  ctx: ScenarioContext,
  services: VariantServices,
  probes: RunProbes,
  outcome: VariantOutcome,
) {
  const { scenario, variant, timeFactor } = options;
  const chaosFailed = new AbortController();
  let failure: ChaosEvent | undefined;
  const clock = Date.now();
  probes.start(clock);
  const loadRun = (options.loadEngine ?? createLoadRun)(
    {
      model: 'arrival-rate',
      startRate: scenario.load.startRate ?? 0,
      stages: scenario.load.stages.map((s) => ({ duration: scaled(String(s.duration), timeFactor), target: s.target })),
      maxInFlight: scenario.load.maxInFlight,
      timeout: scenario.load.timeout,
      connections: scenario.load.connections ?? 64,
      targets: services.live().map((i) => i.url),
      requests: workload.requests,
      seed: options.seed,
    },
    { signal: AbortSignal.any([options.signal, chaosFailed.signal]), onSecond: (p) => options.onProgress?.(variant, p) },
  );
  const chaos: ChaosRun = startChaos(
    scenario.chaos.map((step) => ({
      ...step,
      at: `${scaled(step.at, timeFactor)}ms`,
      ...(step.for ? { for: `${scaled(step.for, timeFactor)}ms` } : {}),
    })),
    chaosEffects({
      proxies: options.fleet,
      db: ctx.db,
      instances: services.slots,
      start: (index) => services.startInstance(index),
      changed: (fresh) => {
        loadRun.setTargets(services.live().map((i) => i.url));
        probes.setInstances(services.live(), fresh);
      },
    }),
    {
      startedAt: clock,
      onFailure: (event) => {
        failure ??= event;
        chaosFailed.abort();
      },
    },
  );
  outcome.load = await loadRun.result;
  outcome.chaos = await chaos.stop();
  await options.fleet.reset().catch(() => {});
  if (failure) {
    outcome.status = 'failed';
    outcome.reason = {
      code: 'STAMPEDE_CHAOS_FAILED',
      message: `chaos step "${failure.step}" (${failure.phase} at ${(failure.atMs / 1000).toFixed(1)} s) did not apply: ${failure.error}`,
    };
  } else if (outcome.load.status === 'interrupted') {
    outcome.status = 'interrupted';
    outcome.reason = { code: 'STAMPEDE_INTERRUPTED', message: 'stopped by Ctrl-C or SIGTERM during the load phase' };
  }
}

/**
 * After the load: the workload drains (queues, jobs, reconciliation) while the services still
 * run, one more probe tick reads their counters, the instances stop, and PostgreSQL's and
 * PgBouncer's counters are given time to settle, still sampled on the run clock.
 */
async function settle(
  options: VariantRunOptions,
  workload: Workload,
  ctx: ScenarioContext,
  services: VariantServices,
  probes: RunProbes,
  outcome: VariantOutcome,
) {
  const drainStarted = Date.now();
  if (workload.drain) {
    options.onInfo?.(`${options.variant}: draining (at most ${drainLimitMs / 1000} s)`);
    const deadline = drainStarted + drainLimitMs;
    await scenarioHook(options.scenario.name, 'drain()', () => workload.drain?.(ctx, deadline));
  }
  const drainMs = Date.now() - drainStarted;
  await waitForNextTick();
  probes.setInstances([]);
  await services.stopInstances();
  const counters = await settleCounters({
    postgresUrl: options.endpoints.postgresUrl,
    pgbouncerAdminUrl: options.endpoints.pgbouncerAdminUrl,
    database: credentials.database,
    signal: options.signal,
  });
  await waitForNextTick();
  outcome.probeTimeline = await probes.stop();
  outcome.settle = { drainMs, settleMs: counters.settleMs, settled: counters.settled };
}

/** The probes tick once a second: waiting a little longer makes sure one more sample is taken. */
const waitForNextTick = () => new Promise<void>((resolve) => setTimeout(resolve, 1100).unref());

function fail(outcome: VariantOutcome, err: unknown, signal: AbortSignal) {
  outcome.status = signal.aborted ? 'interrupted' : 'failed';
  const error =
    err instanceof StampedeError
      ? err
      : new StampedeError('STAMPEDE_INTERNAL', err instanceof Error ? err.message : String(err), { cause: err });
  outcome.reason = { code: signal.aborted ? 'STAMPEDE_INTERRUPTED' : error.code, message: error.message };
  if (!signal.aborted && !(err instanceof StampedeError)) throw err;
}
