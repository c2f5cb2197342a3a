import type { LogLevel } from './service-http.js';

/** A missing or malformed environment variable: the service refuses to start (exit 2). */
export class ServiceConfigError extends Error {
  override readonly name = 'ServiceConfigError';
  readonly code = 'SERVICE_CONFIG_INVALID';
  readonly hint: string;

  constructor(message: string, hint: string) {
    super(message);
    this.hint = hint;
  }
}

export type Env = Readonly<Record<string, string | undefined>>;

/** The part of the process contract every service shares (see target-services/README.md). */
export interface BaseEnv {
  readonly host: string;
  readonly port: number;
  readonly instanceId: string;
  readonly logLevel: LogLevel;
}

const logLevels: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function requiredEnv(env: Env, name: string): string {
  const value = env[name];
  if (value === undefined || value === '') {
    throw new ServiceConfigError(`${name} is not set`, `set ${name} in the environment (the harness passes it to every instance)`);
  }
  return value;
}

export function intEnv(env: Env, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new ServiceConfigError(`${name} must be an integer >= ${min}, got "${raw}"`, `fix ${name} or unset it to use ${fallback}`);
  }
  return value;
}

export function readBaseEnv(env: Env, defaultInstance: string): BaseEnv {
  const logLevel = (env.LOG_LEVEL ?? 'warn') as LogLevel;
  if (!logLevels.includes(logLevel)) {
    throw new ServiceConfigError(`LOG_LEVEL must be one of ${logLevels.join(', ')}`, 'unset LOG_LEVEL to log warnings and errors only');
  }
  return {
    host: env.HOST || '127.0.0.1',
    port: intEnv(env, 'PORT', 0),
    instanceId: env.INSTANCE_ID || defaultInstance,
    logLevel,
  };
}
