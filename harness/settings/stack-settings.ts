/**
 * The one source of truth for the stack's settings. The native provider renders its command
 * lines and config files from here, and a test checks that docker-compose.yml says the same.
 */

export const loopback = '127.0.0.1';

/** Default host ports, each overridable by flag and by environment variable. */
export const defaultPorts = {
  postgres: 55432,
  pgbouncer: 56432,
  redis: 56379,
  toxiproxy: 58474,
} as const;

export type PortName = keyof typeof defaultPorts;

/** Ports inside the containers of docker-compose.yml (each image's usual one). */
export const containerPorts = { postgres: 5432, pgbouncer: 6432, redis: 6379, toxiproxy: 8474 } as const;

/**
 * Host ports the docker provider publishes for Toxiproxy's proxy listeners, so that services on
 * the host reach PostgreSQL, PgBouncer, Redis and upstreams through the containerised Toxiproxy.
 */
export const dockerProxyPortRange = { from: 58500, to: 58599 } as const;
export type StackPorts = Record<PortName, number>;

/** Environment variables that override each default port. */
export const portEnv: Record<PortName, string> = {
  postgres: 'STAMPEDE_PG_PORT',
  pgbouncer: 'STAMPEDE_PGBOUNCER_PORT',
  redis: 'STAMPEDE_REDIS_PORT',
  toxiproxy: 'STAMPEDE_TOXIPROXY_PORT',
};

export const credentials = { user: 'stampede', password: 'stampede', database: 'stampede' } as const;

/**
 * PostgreSQL settings passed as `-c name=value`. `max_connections` is deliberately small so that
 * autoscaling and pool mistakes hit `53300 too many clients` as they did in production.
 */
export const postgresSettings = {
  max_connections: '40',
  deadlock_timeout: '1s',
  log_lock_waits: 'on',
  log_min_duration_statement: '-1',
  shared_buffers: '128MB',
  // Commits are acknowledged before the WAL flush: the incidents are about locks and pools, not
  // disks, and a slow virtual disk would otherwise dominate every latency figure.
  synchronous_commit: 'off',
  listen_addresses: loopback,
} as const;

/** PgBouncer `[pgbouncer]` settings (transaction pooling, small pool, short queue wait). */
export const pgbouncerSettings = {
  pool_mode: 'transaction',
  default_pool_size: '10',
  min_pool_size: '0',
  reserve_pool_size: '0',
  max_client_conn: '2000',
  // Seconds a client may wait for a server connection before `query_wait_timeout` ends it.
  query_wait_timeout: '5',
  server_idle_timeout: '60',
  // Seconds before PgBouncer retries a failed server login (default 15): a PostgreSQL restart
  // in a chaos action should be visible as an outage of about its own length.
  server_login_retry: '1',
  auth_type: 'scram-sha-256',
  admin_users: credentials.user,
  stats_users: credentials.user,
  ignore_startup_parameters: 'extra_float_digits,options',
} as const;

/** Redis arguments: no persistence at all (a cache, locks and queues that a run rebuilds). */
export const redisSettings = {
  save: '',
  appendonly: 'no',
  maxclients: '10000',
} as const;

export const toxiproxyVersion = '2.12.0';

export function resolvePorts(
  overrides: Partial<Record<PortName, number | undefined>>,
  env: Readonly<Record<string, string | undefined>>,
): StackPorts {
  const ports = { ...defaultPorts } as StackPorts;
  for (const name of Object.keys(defaultPorts) as PortName[]) {
    const fromFlag = overrides[name];
    const fromEnv = env[portEnv[name]];
    if (fromFlag !== undefined) ports[name] = fromFlag;
    else if (fromEnv !== undefined && fromEnv !== '' && Number.isInteger(Number(fromEnv))) ports[name] = Number(fromEnv);
  }
  return ports;
}
