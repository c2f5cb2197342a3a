import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { inheritedProcessTag } from '../common/process-tag.js';
import { StampedeError } from '../errors/stampede-error.js';

/**
 * Every child still running. If this process leaves abruptly (a second Ctrl-C exits at once), the
 * children are killed on the way out rather than left running with nobody to stop them.
 */
const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** A service instance or fake upstream the runner started, as a child process. */
export interface ServiceProcess {
  readonly instance: string;
  readonly pid: number;
  readonly port: number;
  readonly url: string;
  /** The last lines it wrote to stderr (for errors and the report). */
  stderrTail(): string[];
  /** Resolves when it has exited (by itself or after stop()). */
  readonly exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after graceMs: by PID, only this child. */
  stop(graceMs?: number): Promise<void>;
  kill(): void;
}

export interface StartServiceOptions {
  readonly instance: string;
  readonly entry: string;
  /** The address it binds (HOST), 127.0.0.1 unless the provider's addressing says otherwise. */
  readonly host?: string;
  readonly env: Readonly<Record<string, string>>;
  /** Default 30 s: three services starting at once on a loaded 2-core machine took more than 10 s. */
  readonly startTimeoutMs?: number;
  readonly signal?: AbortSignal;
}

/**
 * Spawns `node <entry>` and waits for the one JSON line every service prints when it listens:
 * `{"event":"listening","port":N,...}` (the process contract in target-services/README.md).
 */
export function startService(options: StartServiceOptions): Promise<ServiceProcess> {
  if (!existsSync(options.entry)) {
    return Promise.reject(
      new StampedeError('STAMPEDE_SERVICE_START_FAILED', `${options.instance}: ${options.entry} does not exist`, {
        hint: 'run `npm run build` first',
      }),
    );
  }
  const host = options.host ?? '127.0.0.1';
  const child: ChildProcess = spawn(process.execPath, [options.entry], {
    env: { PATH: process.env.PATH ?? '', ...inheritedProcessTag(), HOST: host, PORT: '0', INSTANCE_ID: options.instance, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail: string[] = [];
  const remember = (line: string) => {
    tail.push(line);
    if (tail.length > 20) tail.shift();
  };
  createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', remember);
  live.add(child);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      live.delete(child);
      resolve(code);
    });
  });

  return new Promise((resolve, reject) => {
    const fail = (message: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(
        new StampedeError('STAMPEDE_SERVICE_START_FAILED', `${options.instance}: ${message}`, {
          hint: 'its last output lines are below',
          details: { instance: options.instance, logTail: [...tail] },
        }),
      );
    };
    const timer = setTimeout(
      () => fail(`no "listening" line within ${options.startTimeoutMs ?? 30_000} ms`),
      options.startTimeoutMs ?? 30_000,
    );
    child.once('error', (err) => fail(err.message));
    void exited.then((code) => fail(`exited with code ${code} before listening`));
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      let event: { event?: string; port?: number };
      try {
        event = JSON.parse(line) as { event?: string; port?: number };
      } catch {
        remember(line);
        return;
      }
      if (event.event !== 'listening' || typeof event.port !== 'number') return;
      clearTimeout(timer);
      const pid = child.pid ?? -1;
      const port = event.port;
      resolve({
        instance: options.instance,
        pid,
        port,
        url: `http://${host}:${port}`,
        stderrTail: () => [...tail],
        exited,
        kill: () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        },
        async stop(graceMs = 3000) {
          if (child.exitCode !== null || child.signalCode !== null) return;
          child.kill('SIGTERM');
          const timeout = setTimeout(() => child.kill('SIGKILL'), graceMs);
          await exited;
          clearTimeout(timeout);
        },
      });
    });
  });
}
