import type { StackPorts } from '../settings/stack-settings.js';
import type { ProviderName, StackEndpoints, StackState, StackStatus } from './stack-types.js';

export interface InfraOptions {
  readonly stateDir: string;
  readonly ports: StackPorts;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Seed for the built-in Toxiproxy's toxicity rolls. */
  readonly seed: number;
  /** Bound on waiting for every component to pass its health check. */
  readonly healthTimeoutMs: number;
  readonly signal?: AbortSignal;
  /** Progress lines for people (`starting postgres`). */
  readonly onInfo?: (line: string) => void;
  /** External provider only: the URLs given by the user. */
  readonly urls?: Partial<StackEndpoints>;
}

export interface UpResult {
  readonly state: StackState;
  /** True when `up` found a healthy stack and started nothing. */
  readonly alreadyRunning: boolean;
  readonly status: StackStatus;
}

export interface DownResult {
  readonly provider: ProviderName | null;
  readonly stopped: { readonly name: string; readonly pid: number }[];
  readonly purged: boolean;
  /** What `--purge` actually deleted (paths): a purge that found nothing says so. */
  readonly deleted?: readonly string[];
}

/** The port every infra provider implements: native, docker and external. */
export interface InfraProvider {
  readonly name: ProviderName;
  up(options: InfraOptions): Promise<UpResult>;
  down(options: InfraOptions & { readonly purge?: boolean }): Promise<DownResult>;
  status(options: InfraOptions): Promise<StackStatus>;
}
