import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { maxRate } from '../../harness/load/plan-validation.js';
import { startAnsweringFixture } from './fixtures.js';

// Issue 17 item 1: a huge rate hung the CLI and ignored Ctrl-C, because the end of the load phase
// counted every remaining arrival as dropped one at a time without yielding. These run the built
// CLI as a user does, against a real server, with real signals.

const bin = fileURLToPath(new URL('../../bin/stampede.js', import.meta.url));
const compiled = fileURLToPath(new URL('../../dist/harness/load/scheduler.js', import.meta.url));

interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** performance.now() when the process closed. */
  readonly closedAt: number;
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
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr, closedAt: performance.now() })));
}

/** Sends `signal` once the server has seen `requests` requests; resolves with when it was sent. */
function signalAfter(child: ChildProcess, seen: () => number, requests: number, signal: NodeJS.Signals): Promise<number> {
  return new Promise((resolve) => {
    const poll = setInterval(() => {
      if (seen() < requests) return;
      clearInterval(poll);
      child.kill(signal);
      resolve(performance.now());
    }, 10);
    child.once('close', () => clearInterval(poll));
  });
}

describe('stampede load: absurd and extreme rates (issue 17 item 1)', () => {
  it('refuses a rate above the documented bound before sending anything, exit 2 with a code', async () => {
    const server = await startAnsweringFixture();
    const t0 = performance.now();
    const flag = await stampede(['load', '--url', server.url, '--rate', '1e9', '--duration', '3s', '--json']);
    expect(flag.code, flag.stderr).toBe(2);
    expect(JSON.parse(flag.stdout).error).toMatchObject({ code: 'STAMPEDE_USAGE' });
    expect(JSON.parse(flag.stdout).error.message).toContain(String(maxRate));
    const stage = await stampede(['load', '--url', server.url, '--stage', '3s:1000000000000', '--json']);
    expect(stage.code, stage.stderr).toBe(2);
    expect(JSON.parse(stage.stdout).error.message).toMatch(/stages\[0\]\.target/);
    // Two CLI starts; generous for a loaded machine, far below the hang it reproduces (minutes).
    expect(performance.now() - t0).toBeLessThan(20_000);
    expect(server.requests).toHaveLength(0);
  });

  it(`at the highest accepted rate (${maxRate}/s) Ctrl-C ends the run within 2 s with its summary, exit 130`, async () => {
    const server = await startAnsweringFixture();
    let sentAt = Number.POSITIVE_INFINITY;
    const ran = await stampede(['load', '--url', server.url, '--rate', String(maxRate), '--duration', '30s', '--json'], (child) => {
      void signalAfter(child, () => server.requests.length, 500, 'SIGINT').then((at) => {
        sentAt = at;
      });
    });
    expect(ran.closedAt - sentAt).toBeLessThan(2000);
    expect(ran.code, ran.stderr).toBe(130);
    const result = JSON.parse(ran.stdout);
    expect(result.status).toBe('interrupted');
    expect(result.totals.dropped).toBeGreaterThan(0);
    // Dispatched but still waiting for a connection at the interrupt: abandoned, never sent.
    const { sent, dropped, abandoned, scheduled } = result.totals;
    expect(sent + dropped).toBeLessThanOrEqual(scheduled);
    expect(sent + dropped + abandoned).toBeGreaterThanOrEqual(scheduled);
  });

  it('a run at the highest rate whose loop was frozen past the end still ends at once and counts every arrival', async () => {
    // SIGSTOP freezes the process across the end of its load phase: on SIGCONT every arrival of
    // the frozen seconds is due at once. It must be counted (scheduled = rate x duration) without
    // a pass per arrival, and a Ctrl-C sent right after must still be obeyed within 2 s.
    const server = await startAnsweringFixture();
    let continuedAt = Number.POSITIVE_INFINITY;
    const ran = await stampede(['load', '--url', server.url, '--rate', String(maxRate), '--duration', '2s', '--json'], (child) => {
      void signalAfter(child, () => server.requests.length, 200, 'SIGSTOP').then(() => {
        setTimeout(() => {
          child.kill('SIGCONT');
          continuedAt = performance.now();
        }, 2500);
      });
    });
    expect(ran.closedAt - continuedAt).toBeLessThan(2000);
    expect(ran.code, ran.stderr).toBe(0);
    const result = JSON.parse(ran.stdout);
    expect(result.status).toBe('completed');
    expect(result.totals.scheduled).toBe(2 * maxRate);
    expect(result.totals.sent + result.totals.dropped).toBe(result.totals.scheduled);
    expect(result.stages[0]).toMatchObject({ scheduled: 2 * maxRate });
  });
});
