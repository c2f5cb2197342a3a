import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import type { OwnedProcess } from '../stack-types.js';
import type { RunAs } from './run-as.js';

function readStat(pid: number): { state: string; startTicks: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: fields are counted after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '?', startTicks: Number(fields[19]) };
  } catch {
    return undefined;
  }
}

/** True while the process runs. A zombie counts as gone: it holds no port and does no work. */
export function isAlive(pid: number): boolean {
  const stat = readStat(pid);
  return stat !== undefined && stat.state !== 'Z' && stat.state !== 'X';
}

/** True when `owned` still names the same live process (the PID was not reused since). */
export function isSameProcess(owned: OwnedProcess): boolean {
  const stat = readStat(owned.pid);
  return stat !== undefined && stat.state !== 'Z' && stat.startTicks === owned.startTicks;
}

export interface SpawnedServer {
  readonly owned: OwnedProcess;
  readonly child: ChildProcess;
  /** Resolves with the exit code when the server exits (for as long as this process lives). */
  readonly exited: Promise<number | null>;
}

/**
 * Starts a server that outlives this CLI process: its own session (so Ctrl-C in the terminal
 * does not reach it), output appended to a log file, identity recorded for a later `down`.
 */
export function spawnServer(
  binary: string,
  args: readonly string[],
  options: { cwd: string; logFile: string; runAs?: RunAs; env?: NodeJS.ProcessEnv },
): SpawnedServer {
  const log = openSync(options.logFile, 'a');
  try {
    const child = spawn(binary, args, {
      cwd: options.cwd,
      detached: true,
      stdio: ['ignore', log, log],
      env: options.env ?? process.env,
      ...(options.runAs ? { uid: options.runAs.uid, gid: options.runAs.gid } : {}),
    });
    const exited = new Promise<number | null>((resolve) => {
      child.once('exit', (code) => resolve(code));
      child.once('error', () => resolve(-1));
    });
    child.unref();
    const pid = child.pid ?? -1;
    return { child, exited, owned: { pid, startTicks: readStat(pid)?.startTicks ?? -1, binary, logFile: options.logFile } };
  } finally {
    closeSync(log);
  }
}

/**
 * Ends a process we started, by PID: `signal` first (each server's clean shutdown), then
 * SIGKILL once `graceMs` has passed. Never signals a PID that now names another process.
 */
export async function stopProcess(owned: OwnedProcess, signal: NodeJS.Signals, graceMs = 8000): Promise<void> {
  if (!isSameProcess(owned)) return;
  try {
    process.kill(owned.pid, signal);
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isSameProcess(owned)) return;
    await delay(20);
  }
  try {
    process.kill(owned.pid, 'SIGKILL');
  } catch {
    return;
  }
  while (isSameProcess(owned)) await delay(20);
}
