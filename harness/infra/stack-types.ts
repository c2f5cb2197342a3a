import type { StackPorts } from '../settings/stack-settings.js';

export type ComponentName = 'postgres' | 'pgbouncer' | 'redis' | 'toxiproxy';
export const componentNames: readonly ComponentName[] = ['postgres', 'pgbouncer', 'redis', 'toxiproxy'];

export type ProviderName = 'native' | 'docker' | 'external';
export type ProviderChoice = ProviderName | 'auto';

/** A process the native provider started, identified so that a reused PID is never killed. */
export interface OwnedProcess {
  readonly pid: number;
  /** Field 22 of /proc/<pid>/stat: with the PID it names one process for the machine's uptime. */
  readonly startTicks: number;
  readonly binary: string;
  readonly logFile: string;
}

/** What is recorded for one component of the stack (state.json and `status`). */
export interface ComponentRecord {
  readonly name: ComponentName;
  readonly url: string;
  readonly port: number;
  /** Present when this stack started the process (native provider). */
  readonly process?: OwnedProcess;
  /** Which implementation serves it, e.g. `toxiproxy-server` or `stampede toxiproxy serve`. */
  readonly implementation?: string;
  /** Why a component is not part of the stack (e.g. Toxiproxy not installed). */
  readonly unavailable?: string;
}

/** The state file: enough for `down` and `status` to work from another process. */
export interface StackState {
  readonly schema: 1;
  readonly provider: ProviderName;
  readonly stateDir: string;
  readonly ports: StackPorts;
  readonly startedAt: string;
  readonly startupMs: number;
  readonly components: Record<ComponentName, ComponentRecord>;
  /** Where the files owned by the `postgres` system user live (root runs only). */
  readonly dataDir: string;
  /**
   * Docker only: where fake upstreams on this host must bind for the containerised Toxiproxy to
   * reach them as `host.docker.internal` (see infra/proxy-addresses.ts).
   */
  readonly upstreamBindHost?: string;
}

export type Health = 'healthy' | 'unhealthy' | 'stopped' | 'unavailable';

export interface ComponentStatus {
  readonly name: ComponentName;
  readonly url: string;
  readonly port: number;
  readonly pid: number | null;
  readonly version: string | null;
  readonly health: Health;
  readonly implementation: string | null;
  readonly detail: string | null;
}

export interface StackStatus {
  readonly provider: ProviderName | null;
  readonly stateFile: string;
  readonly running: boolean;
  readonly startedAt: string | null;
  readonly startupMs: number | null;
  readonly components: ComponentStatus[];
}

/** Connection strings for everything that uses the stack (services, probes, the runner). */
export interface StackEndpoints {
  readonly postgresUrl: string;
  readonly pgbouncerUrl: string;
  readonly pgbouncerAdminUrl: string;
  readonly redisUrl: string;
  readonly toxiproxyUrl: string | null;
}
