import type { ComponentName, StackEndpoints } from '../stack-types.js';
import { checkPgbouncer, checkPostgres, type ProbeAnswer } from './postgres-health.js';
import { checkRedis } from './redis-health.js';
import { checkToxiproxy } from './toxiproxy-health.js';

/** The real health check of one component, whichever provider runs it. */
export function checkComponent(name: ComponentName, endpoints: StackEndpoints, timeoutMs = 2000): Promise<ProbeAnswer> {
  switch (name) {
    case 'postgres':
      return checkPostgres(endpoints.postgresUrl, timeoutMs);
    case 'pgbouncer':
      return checkPgbouncer(endpoints.pgbouncerUrl, endpoints.pgbouncerAdminUrl, timeoutMs);
    case 'redis':
      return checkRedis(endpoints.redisUrl, timeoutMs);
    case 'toxiproxy':
      return endpoints.toxiproxyUrl
        ? checkToxiproxy(endpoints.toxiproxyUrl, timeoutMs)
        : Promise.resolve({ ok: false, version: null, detail: 'no Toxiproxy URL' });
  }
}
