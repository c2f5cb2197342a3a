import { resolve } from 'node:path';
import type { InfraOptions } from '../infra/provider.js';
import { resolvePorts } from '../settings/stack-settings.js';
import type { OptionTable, ParsedOptions } from './option-table.js';

/** Flags every command that touches the stack takes (infra, run). */
export const stackOptions = {
  provider: {
    type: 'string',
    choices: ['auto', 'native', 'docker', 'external'],
    default: 'auto',
    env: 'STAMPEDE_PROVIDER',
    description: 'who runs the stack',
  },
  'state-dir': {
    type: 'string',
    default: '.stampede',
    env: 'STAMPEDE_STATE_DIR',
    placeholder: 'DIR',
    description: 'where state.json, logs and data live',
  },
  'pg-port': {
    type: 'number',
    integer: true,
    min: 1,
    max: 65535,
    env: 'STAMPEDE_PG_PORT',
    placeholder: 'PORT',
    description: 'PostgreSQL port (default 55432)',
  },
  'pgbouncer-port': {
    type: 'number',
    integer: true,
    min: 1,
    max: 65535,
    env: 'STAMPEDE_PGBOUNCER_PORT',
    placeholder: 'PORT',
    description: 'PgBouncer port (default 56432)',
  },
  'redis-port': {
    type: 'number',
    integer: true,
    min: 1,
    max: 65535,
    env: 'STAMPEDE_REDIS_PORT',
    placeholder: 'PORT',
    description: 'Redis port (default 56379)',
  },
  'toxiproxy-port': {
    type: 'number',
    integer: true,
    min: 1,
    max: 65535,
    env: 'STAMPEDE_TOXIPROXY_PORT',
    placeholder: 'PORT',
    description: 'Toxiproxy API port (default 58474)',
  },
} as const satisfies OptionTable;

/** The external provider's URLs: `infra up` and `run` take them alike. */
export const urlOptions = {
  'pg-url': { type: 'string', env: 'STAMPEDE_PG_URL', placeholder: 'URL', description: 'external provider: PostgreSQL URL' },
  'pgbouncer-url': { type: 'string', env: 'STAMPEDE_PGBOUNCER_URL', placeholder: 'URL', description: 'external provider: PgBouncer URL' },
  'redis-url': { type: 'string', env: 'STAMPEDE_REDIS_URL', placeholder: 'URL', description: 'external provider: Redis URL' },
  'toxiproxy-url': {
    type: 'string',
    env: 'STAMPEDE_TOXIPROXY_URL',
    placeholder: 'URL',
    description: 'external provider: Toxiproxy API URL',
  },
  timeout: { type: 'duration', default: '30s', env: 'STAMPEDE_HEALTH_TIMEOUT', description: 'how long to wait for every health check' },
} as const satisfies OptionTable;

export const upOptions = {
  ...stackOptions,
  ...urlOptions,
  seed: {
    type: 'number',
    integer: true,
    min: 0,
    max: 4294967295,
    default: 1,
    env: 'STAMPEDE_SEED',
    description: "seed for the built-in Toxiproxy's toxicity rolls",
  },
} as const satisfies OptionTable;

export const downOptions = {
  ...stackOptions,
  purge: { type: 'boolean', description: 'also delete the data (the next up runs initdb again)' },
} as const satisfies OptionTable;

type StackFlags = ParsedOptions<typeof stackOptions> & Partial<ParsedOptions<typeof upOptions>>;

export function infraOptions(
  flags: StackFlags,
  env: Readonly<Record<string, string | undefined>>,
  signal: AbortSignal,
  info: (line: string) => void,
): InfraOptions {
  return {
    stateDir: resolve(flags.stateDir),
    ports: resolvePorts(
      { postgres: flags.pgPort, pgbouncer: flags.pgbouncerPort, redis: flags.redisPort, toxiproxy: flags.toxiproxyPort },
      env,
    ),
    env,
    seed: flags.seed ?? 1,
    healthTimeoutMs: flags.timeout ?? 30_000,
    signal,
    onInfo: info,
    urls: {
      ...(flags.pgUrl ? { postgresUrl: flags.pgUrl } : {}),
      ...(flags.pgbouncerUrl ? { pgbouncerUrl: flags.pgbouncerUrl } : {}),
      ...(flags.redisUrl ? { redisUrl: flags.redisUrl } : {}),
      ...(flags.toxiproxyUrl ? { toxiproxyUrl: flags.toxiproxyUrl } : {}),
    },
  };
}
