import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { StampedeError } from '../../errors/stampede-error.js';
import { type PortName, portEnv } from '../../settings/stack-settings.js';
import { loopbackEndpoints } from '../endpoints.js';
import type { InfraOptions, InfraProvider, UpResult } from '../provider.js';
import { dockerUpstreamBindHost } from '../proxy-addresses.js';
import { recordStack } from '../record-stack.js';
import { readStackStatus } from '../stack-status.js';
import type { ComponentName, ComponentRecord, StackStatus } from '../stack-types.js';
import { componentNames } from '../stack-types.js';
import { StateStore } from '../state-store.js';

interface Exec {
  readonly code: number | null;
  readonly output: string;
}

function exec(args: readonly string[], options: { env: NodeJS.ProcessEnv; timeoutMs: number; cwd?: string }): Promise<Exec> {
  return new Promise((resolve) => {
    let output = '';
    const child = spawn('docker', args, { env: options.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => child.kill('SIGTERM'), options.timeoutMs);
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      resolve({ code: -1, output: err.message });
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** The engine's version when a Docker engine answers (`docker info`), else null: the client alone is not enough. */
export async function dockerEngineVersion(env: Readonly<Record<string, string | undefined>>): Promise<string | null> {
  const result = await exec(['info', '--format', '{{.ServerVersion}}'], { env: env as NodeJS.ProcessEnv, timeoutMs: 3000 });
  const version = result.output.trim().split('\n')[0] ?? '';
  return result.code === 0 && version !== '' ? version : null;
}

/** True when a Docker engine answers (`docker info`). */
export async function dockerEngineAnswers(env: Readonly<Record<string, string | undefined>>): Promise<boolean> {
  return (await dockerEngineVersion(env)) !== null;
}

/** docker-compose.yml reads the host ports from the same variables the native provider does. */
function composeEnv(options: InfraOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...options.env };
  for (const name of Object.keys(options.ports) as PortName[]) env[portEnv[name]] = String(options.ports[name]);
  return env;
}

function composeFile(): string {
  const file = join(process.cwd(), 'docker-compose.yml');
  if (!existsSync(file)) {
    throw new StampedeError('STAMPEDE_INFRA_DOCKER_FAILED', `no docker-compose.yml in ${process.cwd()}`, {
      hint: 'run stampede from the project root',
    });
  }
  return file;
}

async function requireEngine(options: InfraOptions): Promise<void> {
  if (!(await dockerEngineAnswers(options.env))) {
    throw new StampedeError('STAMPEDE_INFRA_DOCKER_UNAVAILABLE', 'no Docker engine answers (`docker info` failed)', {
      hint: 'start Docker, or use the native provider: --provider native',
    });
  }
}

function composeComponents(options: InfraOptions): Record<ComponentName, ComponentRecord> {
  const endpoints = loopbackEndpoints(options.ports);
  const urls: Record<ComponentName, string> = {
    postgres: endpoints.postgresUrl,
    pgbouncer: endpoints.pgbouncerUrl,
    redis: endpoints.redisUrl,
    toxiproxy: endpoints.toxiproxyUrl ?? '',
  };
  return Object.fromEntries(
    componentNames.map((name): [ComponentName, ComponentRecord] => [
      name,
      { name, url: urls[name], port: options.ports[name], implementation: `docker compose service ${name}` },
    ]),
  ) as Record<ComponentName, ComponentRecord>;
}

/** The default bridge's gateway: what compose's `host-gateway` maps `host.docker.internal` to. */
async function bridgeGateway(options: InfraOptions): Promise<string | null> {
  const result = await exec(['network', 'inspect', 'bridge', '--format', '{{range .IPAM.Config}}{{.Gateway}}{{end}}'], {
    env: options.env as NodeJS.ProcessEnv,
    timeoutMs: 5000,
  });
  const gateway = result.output.trim().split('\n')[0] ?? '';
  return result.code === 0 && gateway !== '' ? gateway : null;
}

function localAddresses(): string[] {
  return Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((i) => i.address));
}

/**
 * `compose up --wait` trusts the containers' own health checks; what the harness needs is every
 * component answering on its published 127.0.0.1 port. Until each does (or --timeout), it asks
 * again; a stack that never answers is taken down and reported, never recorded as up.
 */
async function waitUntilHealthy(options: InfraOptions, file: string, up: UpResult): Promise<UpResult> {
  const store = new StateStore(options.stateDir);
  const deadline = Date.now() + options.healthTimeoutMs;
  let status: StackStatus = up.status;
  while (!status.running && Date.now() < deadline && !options.signal?.aborted) {
    await delay(250);
    status = await readStackStatus(up.state, store.file);
  }
  if (status.running) return { ...up, status };
  options.onInfo?.('docker compose down (the stack did not answer)');
  await exec(['compose', '-f', file, 'down'], { env: composeEnv(options), timeoutMs: 120_000 });
  store.clear();
  if (options.signal?.aborted) throw new StampedeError('STAMPEDE_INTERRUPTED', 'interrupted while waiting for the docker stack to answer');
  const failed = status.components.filter((c) => c.health !== 'healthy' && c.health !== 'unavailable');
  throw new StampedeError(
    'STAMPEDE_INFRA_UNHEALTHY',
    `\`docker compose up\` returned but ${failed.map((c) => `${c.name} (127.0.0.1:${c.port}: ${c.detail ?? 'no answer'})`).join(', ')} did not answer within ${options.healthTimeoutMs / 1000}s`,
    {
      hint: 'check `docker compose ps` and `docker compose logs`, that the ports are published on 127.0.0.1, or raise --timeout',
      details: { components: failed.map((c) => ({ name: c.name, port: c.port, detail: c.detail })) },
    },
  );
}

export const dockerProvider: InfraProvider = {
  name: 'docker',

  async up(options) {
    await requireEngine(options);
    const started = Date.now();
    const file = composeFile();
    options.onInfo?.('docker compose up -d --wait');
    const result = await exec(['compose', '-f', file, 'up', '-d', '--wait'], { env: composeEnv(options), timeoutMs: 300_000 });
    if (result.code !== 0) {
      throw new StampedeError('STAMPEDE_INFRA_DOCKER_FAILED', '`docker compose up -d --wait` failed', {
        hint: 'read the output below; `docker compose logs` tells more',
        details: { logTail: result.output.trim().split('\n').slice(-15) },
      });
    }
    const up = await recordStack(options.stateDir, 'docker', options.ports, composeComponents(options), started, {
      upstreamBindHost: dockerUpstreamBindHost(await bridgeGateway(options), localAddresses()),
    });
    return waitUntilHealthy(options, file, up);
  },

  async down(options) {
    await requireEngine(options);
    const store = new StateStore(options.stateDir);
    const result = await exec(['compose', '-f', composeFile(), 'down', ...(options.purge ? ['-v'] : [])], {
      env: composeEnv(options),
      timeoutMs: 120_000,
    });
    if (result.code !== 0) {
      throw new StampedeError('STAMPEDE_INFRA_DOCKER_FAILED', '`docker compose down` failed', {
        hint: 'read the output below',
        details: { logTail: result.output.trim().split('\n').slice(-15) },
      });
    }
    store.clear();
    return { provider: 'docker', stopped: [], purged: options.purge ?? false };
  },

  async status(options) {
    const store = new StateStore(options.stateDir);
    return readStackStatus(store.read(), store.file);
  },
};
