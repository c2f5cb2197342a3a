import { credentials, loopback, type StackPorts } from '../settings/stack-settings.js';
import type { StackEndpoints } from './stack-types.js';

const auth = `${credentials.user}:${credentials.password}`;

/** Connection strings for a stack on loopback with the given host ports. */
export function loopbackEndpoints(ports: StackPorts): StackEndpoints {
  return {
    postgresUrl: `postgres://${auth}@${loopback}:${ports.postgres}/${credentials.database}`,
    pgbouncerUrl: `postgres://${auth}@${loopback}:${ports.pgbouncer}/${credentials.database}`,
    pgbouncerAdminUrl: `postgres://${auth}@${loopback}:${ports.pgbouncer}/pgbouncer`,
    redisUrl: `redis://${loopback}:${ports.redis}`,
    toxiproxyUrl: `http://${loopback}:${ports.toxiproxy}`,
  };
}

/** The admin console of the same PgBouncer, derived from its URL (database `pgbouncer`). */
export function adminUrlOf(pgbouncerUrl: string): string {
  const url = new URL(pgbouncerUrl);
  url.pathname = '/pgbouncer';
  return url.toString();
}
