import pg from 'pg';
import { onTestFinished } from 'vitest';
import { loopbackEndpoints } from '../../harness/infra/endpoints.js';
import { nativeProvider } from '../../harness/infra/native/native-provider.js';
import type { StackEndpoints, StackState } from '../../harness/infra/stack-types.js';
import type { Probe, ProbeValues } from '../../harness/probes/probe.js';
import { testStackOptions } from '../helpers/test-stack.js';

export interface TestStack {
  readonly urls: StackEndpoints;
  readonly state: StackState;
}

/** A real PostgreSQL + PgBouncer + Redis on free ports, torn down when the test ends. */
export async function startStack(): Promise<TestStack> {
  const options = await testStackOptions();
  const up = await nativeProvider.up(options);
  return { urls: loopbackEndpoints(options.ports), state: up.state };
}

/** A connected pg client, ended (forcefully if need be) when the test ends. */
export async function connectPg(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on('error', () => {});
  onTestFinished(() => client.end().catch(() => {}));
  await client.connect();
  return client;
}

/** Samples a probe directly, with a deadline, as one sampler tick would. */
export function sampleOnce(probe: Probe, timeoutMs = 2000): Promise<ProbeValues> {
  return probe.sample(AbortSignal.timeout(timeoutMs));
}

/** Samples until `accept` holds; fails with the last values after `timeoutMs`. */
export async function sampleUntil(
  probe: Probe,
  accept: (values: ProbeValues) => boolean,
  timeoutMs = 8000,
  everyMs = 100,
): Promise<ProbeValues> {
  const deadline = Date.now() + timeoutMs;
  let last: ProbeValues | string = 'no sample';
  while (Date.now() < deadline) {
    try {
      last = await sampleOnce(probe);
      if (accept(last)) return last;
    } catch (err) {
      last = String(err);
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  throw new Error(`${probe.name}: condition not met within ${timeoutMs} ms; last sample: ${JSON.stringify(last)}`);
}

/** Waits until `condition` holds, polling; bounded. */
export async function waitUntil(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * An in-memory probe reporting how late each tick started against the run clock, so a test can
 * prove that a failing real probe next to it never delays the sampler.
 */
export function latenessProbe(startedAt: number, intervalMs: number): Probe {
  return {
    name: 'lateness',
    sample: async () => {
      const now = Date.now();
      const sinceStart = now - startedAt;
      return { ms: sinceStart - Math.round(sinceStart / intervalMs) * intervalMs };
    },
    close: async () => {},
  };
}
