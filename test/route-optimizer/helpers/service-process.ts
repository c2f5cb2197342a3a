import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { onTestFinished } from 'vitest';
import type { ListeningLine } from '../../../target-services/shared/service-main.js';

export interface ServiceProcess {
  readonly child: ChildProcess;
  readonly line: ListeningLine;
  readonly baseUrl: string;
  /** Resolves with the exit code (null when ended by a signal). */
  readonly exited: Promise<number | null>;
  stderr(): string;
}

/** Fails with a clear message when the compiled entry is missing (npm test builds before the suite). */
export function requireBuilt(entry: string): void {
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` first (npm test does it)`);
}

/**
 * Spawns a compiled service entry as the harness does and waits (bounded) for its `listening`
 * line on stdout. Ended by PID when the test finishes if it is still running.
 */
export async function spawnService(entry: string, env: Record<string, string>, timeoutMs = 5_000): Promise<ServiceProcess> {
  requireBuilt(entry);
  const child = spawn(process.execPath, [entry], {
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null && child.pid) process.kill(child.pid, 'SIGKILL');
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const first = new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    void exited.then((code) => reject(new Error(`${entry} exited with ${code} before listening:\n${stderr}`)));
  });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${entry} printed no listening line within ${timeoutMs} ms:\n${stderr}`)), timeoutMs);
  });
  try {
    const line = JSON.parse(await Promise.race([first, deadline])) as ListeningLine;
    return { child, line, baseUrl: `http://127.0.0.1:${line.port}`, exited, stderr: () => stderr };
  } finally {
    clearTimeout(timer);
  }
}

/** Sends SIGTERM and resolves with the exit code and how long the process took to go. */
export async function terminate(service: ServiceProcess, boundMs = 5_000): Promise<{ code: number | null; ms: number }> {
  const started = Date.now();
  service.child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const code = await Promise.race([
    service.exited,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`still running ${boundMs} ms after SIGTERM:\n${service.stderr()}`)), boundMs);
    }),
  ]).finally(() => clearTimeout(timer));
  return { code, ms: Date.now() - started };
}
