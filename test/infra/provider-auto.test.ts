import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { selectProvider } from '../../harness/infra/select-provider.js';
import { fakeDocker } from '../helpers/fake-docker.js';
import { makeStateDir } from '../helpers/state-dir.js';
import { testStackOptions } from '../helpers/test-stack.js';

const portFlags = (ports: { postgres: number; pgbouncer: number; redis: number; toxiproxy: number }) => [
  '--pg-port',
  String(ports.postgres),
  '--pgbouncer-port',
  String(ports.pgbouncer),
  '--redis-port',
  String(ports.redis),
  '--toxiproxy-port',
  String(ports.toxiproxy),
];

describe('--provider auto', () => {
  it('picks native when the native binaries are installed, although a Docker engine answers', async () => {
    const docker = fakeDocker();
    const selection = await selectProvider('auto', makeStateDir(), { ...process.env, PATH: docker.path }, false);
    expect(selection.provider.name).toBe('native');
    expect(selection.reason).toMatch(/^auto: the native binaries are installed \(postgres, initdb, pgbouncer, redis-server; Toxiproxy: /);
  });

  it('picks docker only when a native binary is missing and the engine answers, and says which is missing', async () => {
    const docker = fakeDocker();
    // PATH holds nothing but the fake docker: pgbouncer and redis-server are not found.
    const selection = await selectProvider('auto', makeStateDir(), { PATH: docker.dir, STAMPEDE_PG_BIN_DIR: docker.dir }, false);
    expect(selection.provider.name).toBe('docker');
    expect(selection.reason).toBe('auto: postgres, initdb, pgbouncer, redis-server not installed, and a Docker engine answers (27.3.1)');
    expect(docker.calls()).toEqual(['info --format {{.ServerVersion}}']);
  });

  it('falls back to native (whose error names the packages) when neither is there', async () => {
    const docker = fakeDocker();
    const empty = makeStateDir();
    const selection = await selectProvider('auto', makeStateDir(), { PATH: empty, STAMPEDE_PG_BIN_DIR: empty }, false);
    expect(selection.provider.name).toBe('native');
    expect(selection.reason).toMatch(/not installed, and no Docker engine answers$/);
    expect(docker.calls()).toEqual([]);
  });

  it('`infra up` with a Docker engine on PATH starts the native stack and says why', { timeout: 60_000 }, async () => {
    const docker = fakeDocker();
    const infra = await testStackOptions();
    const env = { ...process.env, PATH: docker.path, STAMPEDE_PROVIDER: '' };
    const args = ['bin/stampede.js', 'infra', 'up', '--json', '--state-dir', infra.stateDir, ...portFlags(infra.ports)];
    const up = spawnSync(process.execPath, args, { encoding: 'utf8', env });
    expect(up.status).toBe(0);
    expect(up.stderr).toMatch(/^provider: native \(auto: the native binaries are installed/);
    const json = JSON.parse(up.stdout) as {
      provider: { name: string; choice: string; reason: string };
      status: { provider: string; running: boolean };
    };
    expect(json.provider).toMatchObject({ name: 'native', choice: 'auto' });
    expect(json.status).toMatchObject({ provider: 'native', running: true });
    expect(docker.calls()).toEqual([]);
  });

  it("the demo's path (`stampede run black-friday-routing`) uses native too", { timeout: 60_000 }, async () => {
    const docker = fakeDocker();
    const infra = await testStackOptions();
    const env = { ...process.env, PATH: docker.path, STAMPEDE_PROVIDER: '' };
    const out = makeStateDir();
    const args = ['bin/stampede.js', 'run', 'black-friday-routing', '--json', '--out', out, '--state-dir', infra.stateDir];
    const child = spawn(process.execPath, [...args, ...portFlags(infra.ports), '--duration', '5s', '--scale', '0.01'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    onExitKill(child.pid);
    // The choice is made before anything starts; once it is printed the run is interrupted.
    const line = await new Promise<string>((resolve) => {
      createInterface({ input: child.stderr }).on('line', (l) => {
        if (l.startsWith('infra: provider:')) resolve(l);
      });
    });
    child.kill('SIGINT');
    expect(line).toMatch(/^infra: provider: native \(auto: the native binaries are installed/);
    expect(await exited).toBe(130);
    expect(docker.calls()).toEqual([]);
  });
});

function onExitKill(pid: number | undefined) {
  if (pid === undefined) return;
  process.once('exit', () => {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  });
}
