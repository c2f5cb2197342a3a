import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { StampedeError } from '../../errors/stampede-error.js';
import type { PortName } from '../../settings/stack-settings.js';
import { loopbackEndpoints } from '../endpoints.js';
import type { DownResult, InfraOptions, InfraProvider, UpResult } from '../provider.js';
import { readStackStatus } from '../stack-status.js';
import type { ComponentName, ComponentRecord, StackState } from '../stack-types.js';
import { StateStore } from '../state-store.js';
import type { NativeComponent, NativeContext } from './component.js';
import { forgetDataDir, ownedDataDirs, resolveDataDir } from './data-dir.js';
import { logTail } from './log-tail.js';
import { reapOrphans } from './orphans.js';
import { pgbouncerComponent } from './pgbouncer-component.js';
import { assertPortFree } from './ports.js';
import { postgresComponent } from './postgres-component.js';
import { isAlive, isSameProcess, type SpawnedServer, stopProcess } from './processes.js';
import { redisComponent } from './redis-component.js';
import { serverUser } from './run-as.js';
import { toxiproxyComponent } from './toxiproxy-component.js';

/** Start order: the quick ones first, PostgreSQL (which may run initdb) last. */
const components: readonly NativeComponent[] = [redisComponent, toxiproxyComponent, pgbouncerComponent, postgresComponent];
const stopSignals = Object.fromEntries(components.map((c) => [c.name, c.stopSignal])) as Record<ComponentName, NodeJS.Signals>;

function context(options: InfraOptions, dataDir: string, name: PortName): NativeContext {
  return {
    stateDir: options.stateDir,
    dataDir,
    port: options.ports[name],
    ports: options.ports,
    env: options.env,
    endpoints: loopbackEndpoints(options.ports),
    seed: options.seed,
  };
}

/** Ends every process a state records, PostgreSQL last so that PgBouncer lets go of it first. */
async function stopRecorded(state: StackState): Promise<{ name: string; pid: number }[]> {
  const stopped: { name: string; pid: number }[] = [];
  const order: ComponentName[] = ['toxiproxy', 'pgbouncer', 'redis', 'postgres'];
  for (const name of order) {
    const owned = state.components[name]?.process;
    if (owned && isSameProcess(owned)) {
      await stopProcess(owned, stopSignals[name]);
      stopped.push({ name, pid: owned.pid });
    }
  }
  return stopped;
}

function samePorts(a: StackState, options: InfraOptions): boolean {
  return (Object.keys(options.ports) as PortName[]).every((name) => a.ports[name] === options.ports[name]);
}

async function waitHealthy(
  component: NativeComponent,
  ctx: NativeContext,
  server: SpawnedServer,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<string | null> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void server.exited.then((code) => {
    exitCode = code;
  });
  let lastDetail: string | null = null;
  while (Date.now() < deadline) {
    if (signal?.aborted) throw new StampedeError('STAMPEDE_INTERRUPTED', `interrupted while ${component.name} was starting`);
    if (exitCode !== undefined || !isAlive(server.owned.pid)) {
      throw new StampedeError(
        'STAMPEDE_INFRA_COMPONENT_DIED',
        `${component.name} started and then exited${exitCode === undefined || exitCode === null ? '' : ` with code ${exitCode}`}`,
        {
          hint: `read its log: ${server.owned.logFile}`,
          details: { component: component.name, logFile: server.owned.logFile, logTail: logTail(server.owned.logFile) },
        },
      );
    }
    const answer = await component.health(ctx).catch((err: unknown) => ({ ok: false, version: null, detail: String(err) }));
    if (answer.ok) return answer.version;
    lastDetail = answer.detail;
    await delay(40);
  }
  throw new StampedeError(
    'STAMPEDE_INFRA_UNHEALTHY',
    `${component.name} did not pass its health check within ${timeoutMs / 1000}s: ${lastDetail ?? 'no answer'}`,
    {
      hint: `read its log: ${server.owned.logFile}, or raise --timeout`,
      details: { component: component.name, logFile: server.owned.logFile, logTail: logTail(server.owned.logFile) },
    },
  );
}

export const nativeProvider: InfraProvider = {
  name: 'native',

  async up(options): Promise<UpResult> {
    const store = new StateStore(options.stateDir);
    const unlock = store.lock(isAlive);
    try {
      const previous = store.read();
      if (previous) {
        const status = await readStackStatus(previous, store.file);
        if (status.running) {
          if (previous.provider !== 'native' || !samePorts(previous, options)) {
            throw new StampedeError(
              'STAMPEDE_INFRA_STATE_CONFLICT',
              `a ${previous.provider} stack with other ports already runs from ${store.dir}`,
              {
                hint: 'run `stampede infra down` first, or use another --state-dir',
              },
            );
          }
          return { state: previous, alreadyRunning: true, status };
        }
        // A stack that is partly gone (a crash, a reboot, a kill -9): never keep half of it.
        const stopped = await stopRecorded(previous);
        store.clear();
        options.onInfo?.(
          `found a stack left by an earlier run in ${store.dir}: stopped ${stopped.length} leftover process(es), starting afresh`,
        );
      }
      // An `up` killed between spawning a server and recording it leaves one no state names.
      const orphans = await reapOrphans(stackDirs(store));
      if (orphans.length > 0) {
        options.onInfo?.(
          `stopped ${orphans.length} unrecorded server(s) left in ${store.dir}: ${orphans.map((o) => `${o.command} (pid ${o.pid})`).join(', ')}`,
        );
      }
      return await startStack(options, store);
    } finally {
      unlock();
    }
  },

  async down(options): Promise<DownResult> {
    const store = new StateStore(options.stateDir);
    const unlock = store.lock(isAlive);
    try {
      const state = store.read();
      const stopped = state ? await stopRecorded(state) : [];
      const orphans = await reapOrphans(stackDirs(store));
      stopped.push(...orphans.map((o) => ({ name: o.command, pid: o.pid })));
      store.clear();
      const deleted = options.purge ? purge(store) : [];
      return { provider: state?.provider ?? null, stopped, purged: deleted.length > 0, deleted };
    } finally {
      unlock();
    }
  },

  async status(options) {
    const store = new StateStore(options.stateDir);
    return readStackStatus(store.read(), store.file);
  },
};

/** The state dir and the data dir it owns: where every server of this stack has its working directory. */
function stackDirs(store: StateStore): string[] {
  return [store.dir, ...ownedDataDirs(store.dir, serverUser())];
}

/** Removes the data (PostgreSQL cluster, logs): the next `up` runs initdb again. Returns what it deleted. */
function purge(store: StateStore): string[] {
  const targets = [
    ...ownedDataDirs(store.dir, serverUser()),
    ...['logs', 'redis', 'toxiproxy', 'pgbouncer'].map((e) => join(store.dir, e)),
  ];
  const deleted = targets.filter((path) => existsSync(path));
  for (const path of deleted) rmSync(path, { recursive: true, force: true });
  forgetDataDir(store.dir);
  return deleted;
}

async function startStack(options: InfraOptions, store: StateStore): Promise<UpResult> {
  const started = Date.now();
  const user = serverUser();
  store.ensure();
  const dataDir = resolveDataDir(store.dir, user);

  // Everything that can be known before starting anything is checked first: binaries, ports.
  const plan = components.map((component) => ({
    component,
    ctx: context(options, dataDir, component.name),
    where: component.locate(context(options, dataDir, component.name)),
  }));
  for (const { component, ctx, where } of plan) {
    if (!('unavailable' in where)) await assertPortFree(ctx.port, component.name, component.portFlag);
  }

  const records = {} as Record<ComponentName, ComponentRecord>;
  const running: { component: NativeComponent; ctx: NativeContext; server: SpawnedServer }[] = [];
  const endpoints = loopbackEndpoints(options.ports);
  const urlOf: Record<ComponentName, string> = {
    postgres: endpoints.postgresUrl,
    pgbouncer: endpoints.pgbouncerUrl,
    redis: endpoints.redisUrl,
    toxiproxy: endpoints.toxiproxyUrl ?? '',
  };
  const snapshot = (startupMs: number): StackState => ({
    schema: 1,
    provider: 'native',
    stateDir: store.dir,
    ports: options.ports,
    startedAt: new Date(started).toISOString(),
    startupMs,
    components: records,
    dataDir,
  });

  // Every component is named in state.json before anything is spawned, so a state left by a
  // kill -9 at any moment is complete: what it does not show as started, it shows as not started.
  for (const { component, ctx } of plan) records[component.name] = { name: component.name, url: urlOf[component.name], port: ctx.port };
  store.write(snapshot(-1));

  try {
    for (const { component, ctx, where } of plan) {
      if ('unavailable' in where) {
        records[component.name] = { name: component.name, url: urlOf[component.name], port: ctx.port, unavailable: where.unavailable };
        options.onInfo?.(`${component.name}: unavailable (${where.unavailable})`);
        continue;
      }
      options.onInfo?.(`starting ${component.name} on 127.0.0.1:${ctx.port}`);
      const server = await component.start(ctx, where.binary, store.logFile(component.name));
      running.push({ component, ctx, server });
      records[component.name] = {
        name: component.name,
        url: urlOf[component.name],
        port: ctx.port,
        process: server.owned,
        implementation: where.implementation,
      };
      // Recorded at once: if this process dies now, `down` can still end what was started.
      store.write(snapshot(-1));
    }
    // PgBouncer is asked only once PostgreSQL answers: a login it attempts before the database
    // exists would put it into its server_login_retry back-off.
    const healthy = new Map<ComponentName, Promise<unknown>>();
    const postgresFirst = [...running].sort((a, b) => Number(b.component.name === 'postgres') - Number(a.component.name === 'postgres'));
    for (const { component, ctx, server } of postgresFirst) {
      const after = component.name === 'pgbouncer' ? (healthy.get('postgres') ?? Promise.resolve()) : Promise.resolve();
      healthy.set(
        component.name,
        after.then(() => waitHealthy(component, ctx, server, options.healthTimeoutMs, options.signal)),
      );
    }
    await Promise.all(healthy.values());
    const state = snapshot(Date.now() - started);
    store.write(state);
    return { state, alreadyRunning: false, status: await readStackStatus(state, store.file) };
  } catch (err) {
    // Never leave a half-stack behind: end what this `up` started, then report the first cause.
    await Promise.all(running.map(({ component, server }) => stopProcess(server.owned, component.stopSignal)));
    store.clear();
    throw err;
  }
}
