import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProxyFleet } from '../chaos/proxy-fleet.js';
import { parseDuration } from '../common/duration.js';
import { StampedeError } from '../errors/stampede-error.js';
import type { InfraOptions } from '../infra/provider.js';
import { proxyAddressing } from '../infra/proxy-addresses.js';
import { type ProviderSelection, selectionLine, selectProvider } from '../infra/select-provider.js';
import { endpointsOf } from '../infra/stack-status.js';
import { StateStore } from '../infra/state-store.js';
import type { LoadEngine, LoadProgress } from '../load/index.js';
import { type InfraRecord, type RunRecord, type RunStatus, runSchema, type VariantRecord } from '../record/run-record.js';
import type { ScenarioDefinition, Thresholds, VariantName } from '../scenario/scenario-types.js';
import { readInfraFacts } from './infra-facts.js';
import { runVariant } from './variant-runner.js';

export interface RunScenarioOptions {
  readonly scenario: ScenarioDefinition;
  readonly variants: readonly VariantName[];
  readonly infra: InfraOptions;
  readonly provider: 'auto' | 'native' | 'docker' | 'external';
  readonly distRoot: string;
  readonly seed: number;
  readonly scale: number;
  /** Load-phase length per variant; the scenario's stages and chaos times are stretched to it. */
  readonly durationMs: number | undefined;
  /** Extra k6 thresholds (`--threshold`), judged for every variant beside the scenario's expect. */
  readonly extraThresholds?: Thresholds;
  readonly argv: readonly string[];
  readonly signal: AbortSignal;
  readonly onInfo?: (line: string) => void;
  /** Told which provider runs the stack and why, before it starts. */
  readonly onProvider?: (selection: ProviderSelection) => void;
  readonly onProgress?: (variant: VariantName, progress: LoadProgress) => void;
  /** Called with the record after each variant and at the end, so an interrupted run is on disk. */
  readonly persist: (record: RunRecord) => void;
  /** What generates the load (default our engine). */
  readonly loadEngine?: LoadEngine;
}

export function plannedDuration(scenario: ScenarioDefinition): number {
  return scenario.load.stages.reduce((sum, s) => sum + (parseDuration(String(s.duration)) ?? 0), 0);
}

/** Brings the stack up if needed, runs each variant in turn, and returns the run record. */
export async function runScenario(options: RunScenarioOptions): Promise<RunRecord> {
  const { scenario } = options;
  const startedAt = new Date().toISOString();
  const planned = plannedDuration(scenario);
  const timeFactor = options.durationMs === undefined ? 1 : options.durationMs / planned;
  const variants: VariantRecord[] = [];
  let infra: InfraRecord | null = null;
  let status: RunStatus = 'completed';
  let reason: { code: string; message: string } | undefined;

  const record = (): RunRecord => ({
    schema: runSchema,
    scenario: {
      name: scenario.name,
      incident: scenario.incident,
      sources: scenario.sources,
      service: scenario.service,
      instances: scenario.instances,
    },
    argv: options.argv,
    seed: options.seed,
    scale: options.scale,
    plannedDurationMs: Math.round(planned * timeFactor),
    stagesAsked: scenario.load.stages.map((s) => ({
      durationMs: Math.round((parseDuration(String(s.duration)) ?? 0) * timeFactor),
      target: s.target,
    })),
    startedAt,
    finishedAt: new Date().toISOString(),
    status,
    ...(reason ? { reason } : {}),
    infra,
    variants,
    ok: status === 'completed' && variants.length === options.variants.length && variants.every((v) => v.ok),
  });

  const selection = await selectProvider(options.provider, options.infra.stateDir, options.infra.env, false);
  const provider = selection.provider;
  let startedStack = false;
  try {
    options.onProvider?.(selection);
    options.onInfo?.(`infra: ${selectionLine(selection)}`);
    const up = await provider.up(options.infra);
    startedStack = !up.alreadyRunning && provider.name === 'native';
    const endpoints = endpointsOf(up.state);
    if (!endpoints.toxiproxyUrl) {
      throw new StampedeError('STAMPEDE_INFRA_UNHEALTHY', 'Toxiproxy is unavailable, and every fault goes through it', {
        hint: 'run `npm run build` (the built-in server) or put toxiproxy-server on PATH, then `stampede infra down` and retry',
      });
    }
    infra = await readInfraFacts(provider.name, up.status, endpoints);
    const poolBudget = Number(infra.settings['pgbouncer.default_pool_size'] ?? 10);
    const addressing = proxyAddressing(provider.name, up.state.upstreamBindHost ? { upstreamBindHost: up.state.upstreamBindHost } : {});
    const fleet = new ProxyFleet(endpoints.toxiproxyUrl, addressing);
    try {
      for (const variant of options.variants) {
        if (options.signal.aborted) break;
        const result = await runVariant({
          scenario,
          variant,
          endpoints,
          fleet,
          distRoot: options.distRoot,
          seed: options.seed,
          scale: options.scale,
          timeFactor,
          poolBudget,
          signal: options.signal,
          ...(provider.name === 'native' ? { postgresLog: new StateStore(options.infra.stateDir).logFile('postgres') } : {}),
          ...(options.onProgress ? { onProgress: options.onProgress } : {}),
          ...(options.onInfo ? { onInfo: options.onInfo } : {}),
          ...(options.extraThresholds ? { extraThresholds: options.extraThresholds } : {}),
          ...(options.loadEngine ? { loadEngine: options.loadEngine } : {}),
        });
        variants.push(result);
        if (result.status !== 'completed') {
          status = result.status;
          reason = result.reason;
          break;
        }
        options.persist(record());
      }
    } finally {
      await fleet.removeAll().catch(() => {});
    }
    if (options.signal.aborted && status === 'completed') {
      status = 'interrupted';
      reason = { code: 'STAMPEDE_INTERRUPTED', message: 'stopped by Ctrl-C or SIGTERM' };
    }
  } catch (err) {
    status = options.signal.aborted ? 'interrupted' : 'failed';
    const error =
      err instanceof StampedeError
        ? err
        : new StampedeError('STAMPEDE_INTERNAL', err instanceof Error ? err.message : String(err), { cause: err });
    reason = { code: options.signal.aborted ? 'STAMPEDE_INTERRUPTED' : error.code, message: error.message };
    options.persist(record());
    throw error;
  } finally {
    if (startedStack) await provider.down(options.infra).catch(() => {});
  }
  const final = record();
  options.persist(final);
  return final;
}

/** `reports/<UTC stamp>-<scenario>/`, e.g. reports/20261122T194500Z-black-friday-routing. */
export function defaultRunDir(root: string, scenario: string, now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return join(root, 'reports', `${stamp}-${scenario}`);
}

export function writeRunJson(dir: string, record: RunRecord): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'run.json');
  // Written whole then renamed: a reader (or a Ctrl-C mid-write) never sees half a record.
  writeFileSync(`${file}.tmp`, `${JSON.stringify(record, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
  return file;
}
