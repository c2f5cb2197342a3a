import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { type BaseEnv, type Env, readBaseEnv, ServiceConfigError } from './service-env.js';

/** What a service's composition root hands back: the app to listen with, and its resources. */
export interface RunningService {
  readonly app: FastifyInstance;
  /** Ends pools and clients; called after the server stopped taking requests. */
  close(): Promise<void>;
}

export interface ServiceIdentity {
  readonly service: string;
  readonly variant: string;
  readonly defaultInstance: string;
}

/** The one stdout line the harness waits for (anything else goes to stderr). */
export interface ListeningLine {
  readonly event: 'listening';
  readonly service: string;
  readonly variant: string;
  readonly instance: string;
  readonly port: number;
  readonly pid: number;
}

// In-flight work gets this long after SIGTERM; then open sockets are cut and the process exits.
const drainMs = 2000;
const hardExitMs = 2500;

/**
 * Runs a service under the harness's process contract: read the environment, build, listen,
 * print the `listening` line, and on SIGTERM/SIGINT stop accepting, give in-flight requests about
 * two seconds (the `shutdown` signal tells cooperative work to give up), close resources, exit 0.
 */
export async function runService(
  identity: ServiceIdentity,
  start: (base: BaseEnv, env: Env, shutdown: AbortSignal) => Promise<RunningService>,
  env: Env = process.env,
): Promise<void> {
  const shutdown = new AbortController();
  let base: BaseEnv;
  let running: RunningService;
  try {
    base = readBaseEnv(env, identity.defaultInstance);
    running = await start(base, env, shutdown.signal);
  } catch (err) {
    if (err instanceof ServiceConfigError) {
      console.error(`error ${err.code}: ${err.message}\n  hint: ${err.hint}`);
      process.exit(2);
    }
    console.error(`${identity.service} (${identity.variant}) failed to start:`, err);
    process.exit(1);
  }

  const { app } = running;
  try {
    await app.listen({ host: base.host, port: base.port });
  } catch (err) {
    console.error(`${identity.service} (${identity.variant}) cannot listen on ${base.host}:${base.port}:`, err);
    await running.close().catch(() => {});
    process.exit(1);
  }

  let stopping = false;
  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) return;
    stopping = true;
    shutdown.abort(new Error(`received ${signal}`));
    // server.close() drops only the keep-alive sockets idle at that moment; a socket whose request
    // finishes during the drain would otherwise hold the close until the drain limit.
    setInterval(() => app.server.closeIdleConnections(), 50).unref();
    setTimeout(() => app.server.closeAllConnections(), drainMs).unref();
    setTimeout(() => process.exit(0), hardExitMs).unref();
    await app.close().catch((err: unknown) => console.error('closing the server:', err));
    await running.close().catch((err: unknown) => console.error('closing resources:', err));
    process.exit(0);
  };
  process.once('SIGTERM', (signal) => void stop(signal));
  process.once('SIGINT', (signal) => void stop(signal));

  const line: ListeningLine = {
    event: 'listening',
    service: identity.service,
    variant: identity.variant,
    instance: base.instanceId,
    port: (app.server.address() as AddressInfo).port,
    pid: process.pid,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}
