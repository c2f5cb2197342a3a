import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { findOnPath } from '../../harness/infra/native/binaries.js';
import { nativeProvider } from '../../harness/infra/native/native-provider.js';
import { isPortFree } from '../../harness/infra/native/ports.js';
import { isAlive } from '../../harness/infra/native/processes.js';
import { StateStore } from '../../harness/infra/state-store.js';
import { listOwnedProcesses } from '../helpers/process-census.js';
import { rejection } from '../helpers/rejection.js';
import { testStackOptions } from '../helpers/test-stack.js';

function pidsOf(status: { components: { pid: number | null }[] }): number[] {
  return status.components.flatMap((c) => (c.pid === null ? [] : [c.pid]));
}

describe('native provider', () => {
  it('brings the stack up healthy, reports it from the state file, and down leaves no process and no port', async () => {
    const options = await testStackOptions();
    const up = await nativeProvider.up(options);
    expect(up.alreadyRunning).toBe(false);
    const byName = Object.fromEntries(up.status.components.map((c) => [c.name, c]));
    expect(byName.postgres).toMatchObject({ health: 'healthy', port: options.ports.postgres, version: expect.stringMatching(/^15\./) });
    expect(byName.pgbouncer).toMatchObject({ health: 'healthy', port: options.ports.pgbouncer, version: expect.stringMatching(/^1\./) });
    expect(byName.redis).toMatchObject({ health: 'healthy', port: options.ports.redis, version: expect.stringMatching(/^\d+\./) });
    expect(up.state.startupMs).toBeGreaterThan(0);

    // Another process (the CLI) sees the same stack through the state file.
    const status = spawnSync(
      process.execPath,
      ['bin/stampede.js', 'infra', 'status', '--provider', 'native', '--state-dir', options.stateDir, '--json'],
      { encoding: 'utf8' },
    );
    expect(status.status).toBe(0);
    const parsed = JSON.parse(status.stdout) as {
      running: boolean;
      startupMs: number;
      components: { name: string; pid: number | null; health: string }[];
    };
    expect(parsed.running).toBe(true);
    expect(parsed.startupMs).toBe(up.state.startupMs);
    expect(pidsOf(parsed)).toEqual(pidsOf(up.status));

    const pids = pidsOf(up.status);
    const down = await nativeProvider.down(options);
    expect(down.stopped.map((s) => s.pid).sort()).toEqual([...pids].sort());
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
    expect(listOwnedProcesses().filter((p) => p.cwd.startsWith(options.stateDir))).toEqual([]);
    for (const port of [options.ports.postgres, options.ports.pgbouncer, options.ports.redis]) expect(await isPortFree(port)).toBe(true);
    expect(new StateStore(options.stateDir).read()).toBeUndefined();
  });

  it('is idempotent: a second up finds the running stack and starts nothing', async () => {
    const options = await testStackOptions();
    const first = await nativeProvider.up(options);
    const second = await nativeProvider.up(options);
    expect(second.alreadyRunning).toBe(true);
    expect(pidsOf(second.status)).toEqual(pidsOf(first.status));
    expect(second.state.startedAt).toBe(first.state.startedAt);
  });

  it('refuses a port that is taken, names it and the process holding it, and starts nothing', async () => {
    const options = await testStackOptions();
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(options.ports.redis, '127.0.0.1', resolve));
    onTestFinished(() => new Promise<void>((resolve) => blocker.close(() => resolve())));

    const err = await rejection(nativeProvider.up(options));
    expect(err.code).toBe('STAMPEDE_INFRA_PORT_TAKEN');
    expect(err.exitCode).toBe(3);
    expect(err.message).toContain(String(options.ports.redis));
    expect(err.details).toMatchObject({ port: options.ports.redis, pid: process.pid });
    expect(err.hint).toContain('--redis-port');
    expect(listOwnedProcesses().filter((p) => p.cwd.startsWith(options.stateDir))).toEqual([]);
  });

  it('names the missing binary and its Debian package when pgbouncer is not on PATH', async () => {
    // A PATH with everything the stack needs except pgbouncer.
    const options = await testStackOptions();
    const bin = join(options.stateDir, 'path-without-pgbouncer');
    mkdirSync(bin);
    const redisServer = findOnPath('redis-server', process.env);
    if (redisServer) symlinkSync(redisServer, join(bin, 'redis-server'));
    const err = await rejection(nativeProvider.up({ ...options, env: { ...process.env, PATH: bin } }));
    expect(err.code).toBe('STAMPEDE_INFRA_BINARY_MISSING');
    expect(err.message).toContain('pgbouncer');
    expect(err.hint).toContain('apt-get install pgbouncer');
    expect(err.hint).toContain('--provider docker');
    expect(listOwnedProcesses().filter((p) => p.cwd.startsWith(options.stateDir))).toEqual([]);
  });

  it('cleans up a stack left half-dead by a crash and starts a whole one', async () => {
    const options = await testStackOptions();
    const first = await nativeProvider.up(options);
    const redis = first.state.components.redis.process;
    if (!redis) throw new Error('redis has no process record');
    process.kill(redis.pid, 'SIGKILL');
    while (isAlive(redis.pid)) await new Promise((r) => setTimeout(r, 10));

    const lines: string[] = [];
    const second = await nativeProvider.up({ ...options, onInfo: (l) => lines.push(l) });
    expect(second.alreadyRunning).toBe(false);
    expect(lines.join('\n')).toMatch(/left by an earlier run/);
    expect(second.status.components.filter((c) => c.name !== 'toxiproxy').every((c) => c.health === 'healthy')).toBe(true);
    // The survivors of the first stack were ended, not adopted.
    for (const pid of pidsOf(first.status)) expect(isAlive(pid)).toBe(false);
  });

  it('reports a component that starts and dies with the last lines of its log', async () => {
    const options = await testStackOptions();
    // A pgbouncer that exits at once: a wrapper script on PATH ahead of the real one.
    const bin = join(options.stateDir, 'fake-bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'pgbouncer'), '#!/bin/sh\necho "FATAL: cannot load config (simulated)" >&2\nexit 1\n', { mode: 0o755 });
    const err = await rejection(nativeProvider.up({ ...options, env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } }));
    expect(err.code).toBe('STAMPEDE_INFRA_COMPONENT_DIED');
    expect(err.message).toContain('pgbouncer');
    expect(err.details?.logTail).toEqual(expect.arrayContaining([expect.stringContaining('simulated')]));
    // Nothing of the half-started stack survives.
    expect(listOwnedProcesses().filter((p) => p.cwd.startsWith(options.stateDir))).toEqual([]);
  });
});
