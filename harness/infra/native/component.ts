import type { ProbeAnswer } from '../health/postgres-health.js';
import type { ComponentName, StackEndpoints } from '../stack-types.js';
import type { SpawnedServer } from './processes.js';

/** Paths and facts every native component needs to start. */
export interface NativeContext {
  readonly stateDir: string;
  /** Directory for files the server user owns (PostgreSQL data, PgBouncer config). */
  readonly dataDir: string;
  readonly port: number;
  readonly ports: { readonly postgres: number };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly endpoints: StackEndpoints;
  readonly seed: number;
}

/** One server of the native stack: how to start it, stop it and ask it whether it is healthy. */
export interface NativeComponent {
  readonly name: ComponentName;
  /** The flag that moves its port, named in the port-taken error. */
  readonly portFlag: string;
  readonly stopSignal: NodeJS.Signals;
  /** Resolves the binary (throws STAMPEDE_INFRA_BINARY_MISSING) or says why it is unavailable. */
  locate(ctx: NativeContext): { binary: string; implementation: string } | { unavailable: string };
  /** Spawns the server; one-time preparation (initdb, config files) happens here too. */
  start(ctx: NativeContext, binary: string, logFile: string): Promise<SpawnedServer>;
  health(ctx: NativeContext): Promise<ProbeAnswer>;
}
