import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { StampedeError } from '../../errors/stampede-error.js';
import { type PortName, portEnv } from '../../settings/stack-settings.js';
import { loopbackEndpoints } from '../endpoints.js';
import type { InfraOptions, InfraProvider } from '../provider.js';
import { recordStack } from '../record-stack.js';
import { readStackStatus } from '../stack-status.js';
import type { ComponentName, ComponentRecord } from '../stack-types.js';
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
    const endpoints = loopbackEndpoints(options.ports);
    const urls: Record<ComponentName, string> = {
      postgres: endpoints.postgresUrl,
      pgbouncer: endpoints.pgbouncerUrl,
      redis: endpoints.redisUrl,
      toxiproxy: endpoints.toxiproxyUrl ?? '',
    };
    const components = Object.fromEntries(
      componentNames.map((name): [ComponentName, ComponentRecord] => [
        name,
        { name, url: urls[name], port: options.ports[name], implementation: `docker compose service ${name}` },
      ]),
    ) as Record<ComponentName, ComponentRecord>;
    return recordStack(options.stateDir, 'docker', options.ports, components, started);
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
