import { checkComponent } from './health/check-component.js';
import { isSameProcess } from './native/processes.js';
import type { ComponentName, ComponentStatus, StackEndpoints, StackState, StackStatus } from './stack-types.js';
import { componentNames } from './stack-types.js';

/** Endpoints recorded in a state file (every provider records the URLs it serves). */
export function endpointsOf(state: StackState): StackEndpoints {
  const c = state.components;
  const admin = new URL(c.pgbouncer.url);
  admin.pathname = '/pgbouncer';
  return {
    postgresUrl: c.postgres.url,
    pgbouncerUrl: c.pgbouncer.url,
    pgbouncerAdminUrl: admin.toString(),
    redisUrl: c.redis.url,
    toxiproxyUrl: c.toxiproxy.unavailable ? null : c.toxiproxy.url,
  };
}

async function componentStatus(state: StackState, name: ComponentName, endpoints: StackEndpoints): Promise<ComponentStatus> {
  const record = state.components[name];
  const base = { name, url: record.url, port: record.port, implementation: record.implementation ?? null };
  if (record.unavailable) return { ...base, pid: null, version: null, health: 'unavailable', detail: record.unavailable };
  if (record.process && !isSameProcess(record.process)) {
    return {
      ...base,
      pid: record.process.pid,
      version: null,
      health: 'stopped',
      detail: `process ${record.process.pid} is gone (see ${record.process.logFile})`,
    };
  }
  const answer = await checkComponent(name, endpoints);
  return {
    ...base,
    pid: record.process?.pid ?? null,
    version: answer.version,
    health: answer.ok ? 'healthy' : 'unhealthy',
    detail: answer.detail,
  };
}

/** Asks every recorded component for its health, in parallel. */
export async function readStackStatus(state: StackState | undefined, stateFile: string): Promise<StackStatus> {
  if (!state) return { provider: null, stateFile, running: false, startedAt: null, startupMs: null, components: [] };
  const endpoints = endpointsOf(state);
  const components = await Promise.all(componentNames.map((name) => componentStatus(state, name, endpoints)));
  const running = components.every((c) => c.health === 'healthy' || c.health === 'unavailable');
  return { provider: state.provider, stateFile, running, startedAt: state.startedAt, startupMs: state.startupMs, components };
}
