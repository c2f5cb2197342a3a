import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { loadCommands, planFromOptions } from '../../harness/cli/commands/load.js';
import { parseArgs } from '../../harness/cli/option-table.js';
import { commonOptions } from '../../harness/cli/run-cli.js';
import { isStampedeError } from '../../harness/errors/stampede-error.js';
import { startAnsweringFixture } from './fixtures.js';

const bin = fileURLToPath(new URL('../../bin/stampede.js', import.meta.url));
const compiled = fileURLToPath(new URL('../../dist/harness/cli/commands/load.js', import.meta.url));

interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function stampede(args: string[], onStart?: (child: ChildProcess) => void): Promise<Ran> {
  if (!existsSync(compiled)) throw new Error(`${compiled} is missing: run \`npm run build\` before the CLI tests`);
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  onStart?.(child);
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

function plan(argv: string[]) {
  const table = { ...(loadCommands[0]?.options ?? {}), ...commonOptions };
  return planFromOptions(parseArgs(argv, table).options as never);
}

function usageMessage(argv: string[]): string {
  try {
    plan(argv);
    return 'accepted';
  } catch (err) {
    return isStampedeError(err) ? err.code : String(err);
  }
}

describe('stampede load: flags to plan', () => {
  it('--rate and --duration make one constant stage; --stage makes ramps', () => {
    expect(plan(['--url', 'http://127.0.0.1:1/x', '--rate', '2000', '--duration', '20s'])).toMatchObject({
      model: 'arrival-rate',
      startRate: 2000,
      stages: [{ duration: 20_000, target: 2000 }],
    });
    expect(plan(['--url', 'http://127.0.0.1:1/', '--stage', '10s:500', '--stage', '5s:2000', '--start-rate', '50'])).toMatchObject({
      startRate: 50,
      stages: [
        { duration: 10_000, target: 500 },
        { duration: 5000, target: 2000 },
      ],
    });
  });

  it('--vus with --think-time is the closed model; --body defaults the method to POST; headers parse', () => {
    const p = plan([
      '--url',
      'http://127.0.0.1:1/',
      '--vus',
      '5',
      '--think-time',
      '100ms',
      '--body',
      '{}',
      '--header',
      'Content-Type: application/json',
    ]);
    expect(p).toMatchObject({ model: 'vus', vus: 5, thinkTime: 100 });
    expect(p.requests[0]?.request).toEqual({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
  });

  it('refuses inconsistent flags with STAMPEDE_USAGE', () => {
    expect(usageMessage(['--rate', '10'])).toBe('STAMPEDE_USAGE');
    expect(usageMessage(['--url', 'http://127.0.0.1:1/'])).toBe('STAMPEDE_USAGE');
    expect(usageMessage(['--url', 'http://127.0.0.1:1/', '--rate', '10', '--vus', '2'])).toBe('STAMPEDE_USAGE');
    expect(usageMessage(['--url', 'http://127.0.0.1:1/', '--rate', '10', '--think-time', '1s'])).toBe('STAMPEDE_USAGE');
    expect(usageMessage(['--url', 'http://127.0.0.1:1/', '--stage', '10s'])).toBe('STAMPEDE_USAGE');
    expect(usageMessage(['--url', 'http://127.0.0.1:1/', '--rate', '10', '--header', 'no colon'])).toBe('STAMPEDE_USAGE');
    expect(usageMessage(['--url', 'http://127.0.0.1:1/', '--rate', 'fast'])).toBe('STAMPEDE_USAGE');
  });
});

describe('stampede load: the real binary', () => {
  it('--json prints the result as one JSON document', async () => {
    const server = await startAnsweringFixture();
    const ran = await stampede(['load', '--url', `${server.url}/health`, '--rate', '50', '--duration', '1s', '--seed', '7', '--json']);
    expect(ran.code, ran.stderr).toBe(0);
    const result = JSON.parse(ran.stdout);
    expect(result).toMatchObject({ status: 'completed', seed: 7, model: 'arrival-rate', totals: { sent: 50, ok: 50, dropped: 0 } });
    expect(server.requests[0]?.line).toBe('GET /health HTTP/1.1');
  });

  it('prints a human summary with errors by kind, latency and lag', async () => {
    const server = await startAnsweringFixture(503, 'busy');
    const ran = await stampede(['load', '--url', server.url, '--url', server.url, '--rate', '20', '--duration', '500ms']);
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stdout).toMatch(/requests\s+10 sent/);
    expect(ran.stdout).toMatch(/errors\s+http_5xx 10/);
    expect(ran.stdout).toMatch(/latency\s+p50 .* p90 .* p99 .* max/);
    expect(ran.stdout).toMatch(/lag\s+p99/);
  });

  it('refuses a remote target and bad flags with exit 2 and a stable code', async () => {
    const remote = await stampede(['load', '--url', 'http://10.9.8.7/', '--rate', '1', '--duration', '1s', '--json']);
    expect(remote.code).toBe(2);
    expect(JSON.parse(remote.stdout).error.code).toBe('STAMPEDE_LOAD_REMOTE_TARGET');
    const bad = await stampede(['load', '--url', 'http://127.0.0.1:1/', '--json']);
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.stdout).error.code).toBe('STAMPEDE_USAGE');
  });

  it('Ctrl-C stops at once, still prints the summary marked interrupted, exit 130', async () => {
    const server = await startAnsweringFixture();
    let sentAt = 0;
    const ran = await stampede(['load', '--url', server.url, '--rate', '100', '--duration', '30s', '--json'], (child) => {
      const poll = setInterval(() => {
        if (server.requests.length >= 10) {
          clearInterval(poll);
          sentAt = performance.now();
          child.kill('SIGINT');
        }
      }, 20);
      child.once('close', () => clearInterval(poll));
    });
    expect(performance.now() - sentAt).toBeLessThan(2000);
    expect(ran.code).toBe(130);
    const result = JSON.parse(ran.stdout);
    expect(result.status).toBe('interrupted');
    expect(result.totals.sent).toBeGreaterThanOrEqual(10);
  });
});
