import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { toxiproxyCommands } from '../../harness/cli/commands/toxiproxy.js';
import { runCli } from '../../harness/cli/run-cli.js';
import { startEchoServer } from '../helpers/fixture-servers.js';
import { makeStateDir } from '../helpers/state-dir.js';
import { eventually, ours } from './support.js';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

interface Ready {
  url: string;
  port: number;
  pid: number;
  seed: number;
}

/** Runs `stampede toxiproxy serve ...` in-process; stop() aborts it like Ctrl-C and resolves its exit code. */
function serve(args: string[]) {
  const stdout = new Capture();
  const stderr = new Capture();
  const controller = new AbortController();
  const exit = runCli(['toxiproxy', 'serve', ...args], toxiproxyCommands, { stdout, stderr, env: {}, signal: controller.signal });
  onTestFinished(async () => {
    controller.abort();
    await exit;
  });
  const ready = async (): Promise<Ready> => {
    await eventually(() => stdout.text.trim().endsWith('}'), 3000, 'the ready document');
    return JSON.parse(stdout.text) as Ready;
  };
  return {
    stdout,
    stderr,
    exit,
    ready,
    stop: () => {
      controller.abort();
      return exit;
    },
  };
}

async function errorOf(args: string[]): Promise<{ code: number; error: { code: string; message: string } }> {
  const run = serve([...args, '--json']);
  const code = await run.exit;
  return { code, error: (JSON.parse(run.stdout.text) as { error: { code: string; message: string } }).error };
}

describe.runIf(ours)('stampede toxiproxy serve', () => {
  it('prints {url, port, pid, seed} once listening, serves, and exits 0 when aborted', async () => {
    const run = serve(['--port', '0', '--seed', '77', '--json']);
    const ready = await run.ready();
    expect(ready).toMatchObject({ port: expect.any(Number), pid: process.pid, seed: 77 });
    expect(ready.url).toBe(`http://127.0.0.1:${ready.port}`);
    const version = await fetch(`${ready.url}/version`, { signal: AbortSignal.timeout(2000) });
    expect(version.status).toBe(200);
    expect(await run.stop()).toBe(0);
    await expect(fetch(`${ready.url}/version`, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
  });

  it('prints one human ready line without --json', async () => {
    const run = serve(['--port', '0']);
    await eventually(() => run.stdout.text.includes('\n'), 3000, 'the ready line');
    expect(run.stdout.text).toMatch(/^toxiproxy listening on http:\/\/127\.0\.0\.1:\d+ \(pid \d+, seed \d+\)\n$/);
  });

  it('creates the proxies of --config before serving', async () => {
    const echo = await startEchoServer();
    onTestFinished(() => echo.close());
    const file = join(makeStateDir(), 'proxies.json');
    writeFileSync(file, JSON.stringify([{ name: 'pg', listen: '127.0.0.1:0', upstream: `127.0.0.1:${echo.port}` }]));
    const run = serve(['--port', '0', '--config', file, '--json']);
    const ready = await run.ready();
    const proxy = (await (await fetch(`${ready.url}/proxies/pg`)).json()) as { enabled: boolean };
    expect(proxy.enabled).toBe(true);
  });

  it('refuses a bad --config with STAMPEDE_TOXIPROXY_BAD_CONFIG (exit 2)', async () => {
    const dir = makeStateDir();
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '[{"name":');
    const missing = join(dir, 'missing.json');
    const noUpstream = join(dir, 'no-upstream.json');
    writeFileSync(noUpstream, '[{"name":"x","listen":"127.0.0.1:0"}]');
    for (const file of [broken, missing, noUpstream]) {
      const { code, error } = await errorOf(['--port', '0', '--config', file]);
      expect([code, error.code], file).toEqual([2, 'STAMPEDE_TOXIPROXY_BAD_CONFIG']);
    }
  });

  it('refuses non-loopback addresses unless --allow-remote-listen', async () => {
    expect((await errorOf(['--host', '0.0.0.0', '--port', '0'])).error.code).toBe('STAMPEDE_TOXIPROXY_REMOTE_LISTEN');
    const file = join(makeStateDir(), 'remote.json');
    writeFileSync(file, JSON.stringify([{ name: 'open', listen: '0.0.0.0:0', upstream: '127.0.0.1:9' }]));
    expect((await errorOf(['--port', '0', '--config', file])).error.code).toBe('STAMPEDE_TOXIPROXY_REMOTE_LISTEN');
  });

  it('reports a taken API port as STAMPEDE_INFRA_PORT_TAKEN (exit 3) and bad flags as STAMPEDE_USAGE', async () => {
    const taken = await startEchoServer();
    onTestFinished(() => taken.close());
    expect(await errorOf(['--port', String(taken.port)])).toMatchObject({ code: 3, error: { code: 'STAMPEDE_INFRA_PORT_TAKEN' } });
    expect(await errorOf(['--port', 'many'])).toMatchObject({ code: 2, error: { code: 'STAMPEDE_USAGE' } });
    expect(await errorOf(['--seed', '-1'])).toMatchObject({ code: 2, error: { code: 'STAMPEDE_USAGE' } });
  });

  it('documents its flags in --help', async () => {
    const run = serve(['--help']);
    expect(await run.exit).toBe(0);
    for (const flag of ['--host', '--port', '--config', '--seed', '--metrics', '--allow-remote-listen', '--json'])
      expect(run.stdout.text).toContain(flag);
  });

  const bin = fileURLToPath(new URL('../../bin/stampede.js', import.meta.url));
  const built = existsSync(fileURLToPath(new URL('../../dist/harness/cli/commands/toxiproxy.js', import.meta.url)));

  it.runIf(built)('runs as the infra provider starts it: a detached `node bin/stampede.js toxiproxy serve`, ended by SIGTERM', async () => {
    const child: ChildProcess = spawn(
      process.execPath,
      [bin, 'toxiproxy', 'serve', '--host', '127.0.0.1', '--port', '0', '--seed', '5', '--json'],
      {
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    onTestFinished(() => {
      if (child.exitCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
    });
    let out = '';
    let err = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    await eventually(
      () => {
        if (child.exitCode !== null) throw new Error(`the CLI exited with ${child.exitCode} before it was ready:\n${err}`);
        return out.trim().endsWith('}');
      },
      5000,
      'the ready document',
    );
    const ready = JSON.parse(out) as Ready;
    expect(ready).toMatchObject({ pid: child.pid, seed: 5 });
    expect((await fetch(`${ready.url}/version`, { signal: AbortSignal.timeout(2000) })).status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
