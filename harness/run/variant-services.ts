import { join } from 'node:path';
import type { ProxyFleet } from '../chaos/proxy-fleet.js';
import type { StackEndpoints } from '../infra/stack-types.js';
import { standardProxies } from '../scenario/scenario-schema.js';
import type { ScenarioDefinition, VariantName } from '../scenario/scenario-types.js';
import { type ServiceProcess, startService } from './service-process.js';

export interface ServicesOptions {
  readonly scenario: ScenarioDefinition;
  readonly variant: VariantName;
  readonly endpoints: StackEndpoints;
  readonly fleet: ProxyFleet;
  readonly distRoot: string;
  /** PgBouncer's default_pool_size: the connection budget the instances share. */
  readonly poolBudget: number;
  readonly signal: AbortSignal;
}

/** The processes of one variant: its fake upstreams and its instances, every hop through Toxiproxy. */
export interface VariantServices {
  readonly upstreams: readonly ServiceProcess[];
  /** Direct URLs of the upstreams by name (for invariants reading a ledger). */
  readonly upstreamUrls: Readonly<Record<string, string>>;
  /** Instance slots in order; a killed one is null until restarted. */
  readonly slots: (ServiceProcess | null)[];
  /** Every instance process ever started (restarts included), for the record. */
  readonly started: ServiceProcess[];
  live(): ServiceProcess[];
  /**
   * Starts a fresh process for slot `index` with the current environment; `variant` (default the
   * one started) picks the code, so a game day can move the traffic to the hardened instances.
   */
  startInstance(index: number, variant?: VariantName): Promise<ServiceProcess>;
  /** Changes one environment value for the instances started from now on (a config change, then a restart). */
  setEnv(key: string, value: string): void;
  /** Stops the instances (SIGTERM, then SIGKILL): their pools close and their backends exit. */
  stopInstances(): Promise<void>;
  /** Stops everything still running. Never rejects. */
  stopAll(): Promise<void>;
}

const splitAddress = (address: string): [string, string] => {
  const colon = address.lastIndexOf(':');
  return [address.slice(0, colon), address.slice(colon + 1)];
};
const envName = (upstream: string) => `${upstream.replace(/-/g, '_').toUpperCase()}_URL`;

/**
 * Starts the upstreams, puts a proxy in front of every hop, then starts the instances behind the
 * proxies. Where each end of a proxy is comes from the fleet's addressing (infra/proxy-addresses).
 */
export async function startVariantServices(options: ServicesOptions): Promise<VariantServices> {
  const { scenario, variant, fleet, signal } = options;
  const addressing = fleet.addressing;
  const all: ServiceProcess[] = [];
  const started: ServiceProcess[] = [];
  const slots: (ServiceProcess | null)[] = [];
  const stopAll = async () => void (await Promise.all(all.map((p) => p.stop().catch(() => {}))));
  try {
    const upstreams = await Promise.all(
      scenario.upstreams.map((name) =>
        startService({
          instance: name,
          entry: join(options.distRoot, 'target-services', 'upstreams', name, 'main.js'),
          host: addressing.upstreamBindHost,
          env: {},
          signal,
        }),
      ),
    );
    all.push(...upstreams);
    await fleet.create([
      ...standardProxies.map((name) => ({ name, upstream: addressing.stackUpstream(name, options.endpoints) })),
      ...upstreams.map((u) => ({ name: u.instance, upstream: addressing.hostUpstream(u.port) })),
    ]);
    const viaProxy = (name: string, url: string) => {
      const u = new URL(url);
      const [host, port] = splitAddress(fleet.handle(name).address);
      u.hostname = host;
      u.port = port;
      return u.toString();
    };
    const env: Record<string, string> = {
      DATABASE_URL: viaProxy('pgbouncer', options.endpoints.pgbouncerUrl),
      REDIS_URL: viaProxy('redis', options.endpoints.redisUrl),
      DB_POOL_MAX: String(Math.max(1, Math.floor(options.poolBudget / scenario.instances))),
      ...Object.fromEntries(upstreams.map((u) => [envName(u.instance), `http://${fleet.handle(u.instance).address}`])),
      ...scenario.serviceEnv,
    };
    const entry = (v: VariantName) => join(options.distRoot, 'target-services', scenario.service, v, 'main.js');
    const startInstance = async (index: number, v: VariantName = variant) => {
      const instance = await startService({ instance: `${v}-${index + 1}`, entry: entry(v), env: { ...env }, signal });
      all.push(instance);
      started.push(instance);
      return instance;
    };
    slots.push(...(await Promise.all(Array.from({ length: scenario.instances }, (_, i) => startInstance(i)))));
    return {
      upstreams,
      upstreamUrls: Object.fromEntries(upstreams.map((u) => [u.instance, u.url])),
      slots,
      started,
      live: () => slots.filter((i): i is ServiceProcess => i !== null),
      startInstance,
      setEnv: (key, value) => {
        env[key] = value;
      },
      stopInstances: async () => void (await Promise.all(started.map((p) => p.stop().catch(() => {})))),
      stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
