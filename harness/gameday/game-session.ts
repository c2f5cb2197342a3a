import pg from 'pg';
import { chaosEffects } from '../chaos/chaos-effects.js';
import { type ChaosRun, startChaos } from '../chaos/chaos-timeline.js';
import { ProxyFleet } from '../chaos/proxy-fleet.js';
import { parseDuration } from '../common/duration.js';
import { StampedeError } from '../errors/stampede-error.js';
import type { InfraOptions } from '../infra/provider.js';
import { proxyAddressing } from '../infra/proxy-addresses.js';
import { selectProvider } from '../infra/select-provider.js';
import { endpointsOf } from '../infra/stack-status.js';
import { type GameDayRecord, gameDaySchema } from '../record/gameday-record.js';
import type { ChaosEvent, RunStatus } from '../record/run-record.js';
import { readInfraFacts } from '../run/infra-facts.js';
import { prepareRunProbes, type RunProbes } from '../run/run-probes.js';
import { scenarioHook } from '../run/scenario-hooks.js';
import { startVariantServices, type VariantServices } from '../run/variant-services.js';
import type { ScenarioContext, ScenarioDefinition } from '../scenario/scenario-types.js';
import { type Dashboard, startDashboard } from './dashboard-server.js';
import { faultRecords } from './fault-log.js';
import { drawSchedule, faultSteps, type ScheduledFault } from './fault-schedule.js';
import { GameControl } from './game-control.js';
import { InstanceFleet } from './instance-fleet.js';
import { describeLever } from './lever-actions.js';
import { LiveFeed } from './live-feed.js';
import { LoadSegments, stretchStages } from './load-segments.js';
import type { GameDayPlan } from './plan-types.js';
import { scoreGame } from './scoring.js';

export interface GameDayOptions {
  readonly plan: GameDayPlan;
  readonly scenario: ScenarioDefinition;
  readonly infra: InfraOptions;
  readonly provider: 'auto' | 'native' | 'docker' | 'external';
  readonly distRoot: string;
  readonly seed: number;
  /** The game's length; default the plan's. Every time of the plan is stretched to it. */
  readonly durationMs: number | undefined;
  /** Dashboard port (0: any free one). */
  readonly port: number;
  readonly argv: readonly string[];
  readonly signal: AbortSignal;
  readonly onInfo?: (line: string) => void;
  /** The dashboard is up and the game clock is about to start. */
  readonly onReady?: (dashboard: { url: string; facilitatorUrl: string; token: string }) => void;
}

interface Running {
  services?: VariantServices;
  probes?: RunProbes;
  chaos?: ChaosRun;
  dashboard?: Dashboard;
  load?: LoadSegments;
}

export const planLength = (plan: GameDayPlan) => parseDuration(plan.duration) ?? 0;

/**
 * A game day from start to debrief record: stack up, seed, upstreams and instances behind
 * Toxiproxy, probes, the dashboard, then the game clock: open-model load, the hidden faults on
 * the shared chaos timeline, players' detections and levers, until the plan's length, the
 * facilitator's end or Ctrl-C (which pulls the safety lever first). Everything is torn down and
 * the record returned, also when the game was interrupted.
 */
export async function runGameDay(options: GameDayOptions): Promise<GameDayRecord> {
  const { plan, scenario } = options;
  const info = options.onInfo ?? (() => {});
  const startedAt = new Date().toISOString();
  const lengthMs = options.durationMs ?? planLength(plan);
  const timeFactor = lengthMs / planLength(plan);
  const schedule = drawSchedule(plan, options.seed, timeFactor);
  const { provider } = await selectProvider(options.provider, options.infra.stateDir, options.infra.env, false);
  const running: Running = {};
  let status: RunStatus = 'completed';
  let reason: { code: string; message: string } | undefined;
  let control: GameControl | undefined;
  let feed: LiveFeed | undefined;
  let chaosLog: ChaosEvent[] = [];
  let startedStack = false;
  let fleet: ProxyFleet | undefined;
  let pool: pg.Pool | undefined;
  try {
    info(`infra: ${provider.name} provider`);
    const up = await provider.up(options.infra);
    startedStack = !up.alreadyRunning && provider.name === 'native';
    const endpoints = endpointsOf(up.state);
    if (!endpoints.toxiproxyUrl) {
      throw new StampedeError('STAMPEDE_INFRA_UNHEALTHY', 'Toxiproxy is unavailable, and every fault goes through it', {
        hint: 'run `npm run build` (the built-in server) or put toxiproxy-server on PATH, then `stampede infra down` and retry',
      });
    }
    const facts = await readInfraFacts(provider.name, up.status, endpoints);
    fleet = new ProxyFleet(
      endpoints.toxiproxyUrl,
      proxyAddressing(provider.name, up.state.upstreamBindHost ? { upstreamBindHost: up.state.upstreamBindHost } : {}),
    );
    pool = new pg.Pool({ connectionString: endpoints.postgresUrl, max: 2 });
    pool.on('error', () => {});
    const db = pool;
    const upstreams: Record<string, string> = {};
    const ctx: ScenarioContext = {
      databaseUrl: endpoints.postgresUrl,
      redisUrl: endpoints.redisUrl,
      db,
      variant: plan.variant,
      upstreams,
      scale: plan.scale ?? 1,
      seed: options.seed,
    };
    info(`${plan.name}: seeding ${scenario.name}`);
    await scenarioHook(scenario.name, 'seed()', () => scenario.seed(ctx));
    info(`${plan.name}: starting ${scenario.instances} ${plan.variant} instance(s)`);
    const services = await startVariantServices({
      scenario,
      variant: plan.variant,
      endpoints,
      fleet,
      distRoot: options.distRoot,
      poolBudget: Number(facts.settings['pgbouncer.default_pool_size'] ?? 10),
      signal: options.signal,
    });
    running.services = services;
    Object.assign(upstreams, services.upstreamUrls);
    const workload = await scenarioHook(scenario.name, 'workload()', () => scenario.workload(ctx));
    const probes = await prepareRunProbes(endpoints, services.live(), services.upstreams);
    running.probes = probes;
    if (options.signal.aborted) throw new StampedeError('STAMPEDE_INTERRUPTED', 'interrupted before the game started');

    const played = await play(options, { services, probes, ctx, workload, schedule, timeFactor, lengthMs, fleet, running });
    control = played.control;
    feed = played.feed;
    chaosLog = played.chaos;
    if (options.signal.aborted) {
      status = 'interrupted';
      reason = { code: 'STAMPEDE_INTERRUPTED', message: 'stopped by Ctrl-C or SIGTERM (the safety lever was pulled first)' };
    }
  } catch (err) {
    status = options.signal.aborted ? 'interrupted' : 'failed';
    const error =
      err instanceof StampedeError ? err : new StampedeError('STAMPEDE_INTERNAL', String((err as Error)?.message ?? err), { cause: err });
    reason = { code: options.signal.aborted ? 'STAMPEDE_INTERRUPTED' : error.code, message: error.message };
    if (!control) throw error;
  } finally {
    await running.load?.pause().catch(() => {});
    if (running.chaos) chaosLog = await running.chaos.stop().catch(() => chaosLog);
    await running.dashboard?.close().catch(() => {});
    await running.probes?.stop().catch(() => null);
    await running.services?.stopAll();
    await fleet?.reset().catch(() => {});
    await fleet?.removeAll().catch(() => {});
    await pool?.end().catch(() => {});
    if (startedStack) await provider.down(options.infra).catch(() => {});
  }
  return buildRecord(options, {
    control,
    feed,
    chaosLog,
    status,
    reason,
    startedAt,
    lengthMs,
    peak: running.dashboard?.peakViewers() ?? 0,
  });
}

interface PlayParts {
  services: VariantServices;
  probes: RunProbes;
  ctx: ScenarioContext;
  workload: Awaited<ReturnType<ScenarioDefinition['workload']>>;
  schedule: readonly ScheduledFault[];
  timeFactor: number;
  lengthMs: number;
  fleet: ProxyFleet;
  running: Running;
}

/** The game clock: load, chaos, probes and the dashboard from second 0 to the end. */
async function play(options: GameDayOptions, parts: PlayParts) {
  const { plan, scenario } = options;
  const { services, probes, running } = parts;
  let load: LoadSegments | undefined;
  const instances = new InstanceFleet(services, plan.variant, (fresh) => {
    load?.setTargets(services.live().map((i) => i.url));
    probes.setInstances(services.live(), fresh);
  });
  const feed = new LiveFeed(() => ({ instances: services.live().length, loadRunning: load?.running ?? false }));
  const clock = Date.now() + 1500;
  const shapeStages = plan.load?.stages ?? scenario.load.stages;
  const planned = shapeStages.reduce((n, s) => n + (parseDuration(String(s.duration)) ?? 0), 0);
  load = new LoadSegments({
    shape: {
      startRate: plan.load?.startRate ?? scenario.load.startRate ?? 0,
      stages: stretchStages(shapeStages, parts.lengthMs / planned),
      maxInFlight: scenario.load.maxInFlight,
      timeout: scenario.load.timeout,
      connections: scenario.load.connections ?? 64,
    },
    requests: parts.workload.requests,
    seed: options.seed,
    targets: () => services.live().map((i) => i.url),
    signal: options.signal,
    onSecond: (sample, offsetS) => feed.onLoadSecond(sample, offsetS),
  });
  running.load = load;
  const background = scenario.chaos
    .filter((step) => plan.background?.includes(step.name))
    .map((step) => ({
      ...step,
      at: `${Math.round((parseDuration(step.at) ?? 0) * parts.timeFactor)}ms`,
      ...(step.for ? { for: `${Math.round((parseDuration(step.for) ?? 0) * parts.timeFactor)}ms` } : {}),
    }));
  const chaos = startChaos(
    [...background, ...faultSteps(parts.schedule)],
    chaosEffects({
      proxies: parts.fleet,
      db: parts.ctx.db,
      instances: services.slots,
      start: (index) => instances.start(index),
      changed: (fresh) => {
        load?.setTargets(services.live().map((i) => i.url));
        probes.setInstances(services.live(), fresh);
      },
    }),
    { startedAt: clock, onFailure: (e) => options.onInfo?.(`chaos: ${e.step} ${e.phase} failed: ${e.error}`) },
  );
  running.chaos = chaos;
  const control = new GameControl({ plan, timeFactor: parts.timeFactor, startedAt: clock, chaos, fleet: instances, load });
  const dashboard = await startDashboard({
    plan,
    schedule: parts.schedule,
    control,
    chaosState: () => ({ active: chaos.active(), pending: chaos.pending() }),
    port: options.port,
  });
  running.dashboard = dashboard;
  feed.subscribe((frame) => dashboard.publish(frame));
  options.onReady?.({ url: dashboard.url, facilitatorUrl: dashboard.facilitatorUrl, token: dashboard.token });

  probes.start(clock, (snapshot) => feed.onProbe(snapshot));
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, clock - Date.now())));
  load.start(0);
  const timer = setTimeout(() => control.end("the plan's time is up"), parts.lengthMs);
  const onAbort = () => void control.safety('Ctrl-C').finally(() => control.end('interrupted (Ctrl-C)'));
  options.signal.addEventListener('abort', onAbort, { once: true });
  await control.finished;
  feed.seal();
  clearTimeout(timer);
  options.signal.removeEventListener('abort', onAbort);
  await load.pause();
  const events = await chaos.stop();
  return { control, feed, chaos: events };
}

function buildRecord(
  options: GameDayOptions,
  r: {
    control: GameControl | undefined;
    feed: LiveFeed | undefined;
    chaosLog: ChaosEvent[];
    status: RunStatus;
    reason: { code: string; message: string } | undefined;
    startedAt: string;
    lengthMs: number;
    peak: number;
  },
): GameDayRecord {
  const { plan } = options;
  const frames = r.feed?.frames ?? [];
  const faults = faultRecords(r.chaosLog, plan.faults, r.control?.endReasons ?? new Map());
  const actions = r.control?.actions ?? [];
  return {
    schema: gameDaySchema,
    plan: {
      name: plan.name,
      title: plan.title,
      scenario: options.scenario.name,
      variant: plan.variant,
      objectives: plan.objectives,
      levers: plan.levers.map((l) => ({ name: l.name, label: l.label, detail: describeLever(l.action) })),
      categories: r.control?.categories ?? [],
    },
    seed: options.seed,
    argv: options.argv,
    plannedDurationMs: r.lengthMs,
    startedAt: r.startedAt,
    finishedAt: new Date().toISOString(),
    status: r.status,
    ...(r.reason ? { reason: r.reason } : {}),
    frames,
    faults,
    chaos: r.chaosLog,
    players: [...(r.control?.players ?? [])].sort(),
    actions,
    facilitator: r.control?.facilitator ?? [],
    scores: scoreGame(faults, frames, actions),
    peakViewers: r.peak,
  };
}
