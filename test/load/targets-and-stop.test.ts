import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createLoadRun, type ExchangeTrace } from '../../harness/load/index.js';
import { countResources, startAnsweringFixture, startRawFixture } from './fixtures.js';

describe('target list changes while the run goes on', () => {
  it('added instances get traffic; removed ones finish their in-flight requests, then their connections close', async () => {
    // Instance A answers slowly, so requests are in flight on it when it is removed.
    const a = await startRawFixture((_req, _socket, reply) => setTimeout(() => reply(200, 'a'), 80));
    const b = await startAnsweringFixture(200, 'b');
    const c = await startAnsweringFixture(200, 'c');
    const traces: ExchangeTrace[] = [];
    const run = createLoadRun(
      {
        model: 'arrival-rate',
        startRate: 100,
        stages: [{ duration: '1200ms', target: 100 }],
        targets: [a.url],
        requests: [{ name: 'r', request: {} }],
      },
      { trace: (t) => traces.push(t) },
    );
    await sleep(400);
    expect(a.openConnections()).toBeGreaterThan(0);
    const removedAt = performance.now();
    run.setTargets([b.url, c.url]);
    await sleep(250);
    // A's in-flight requests ended and its sockets were closed, while the run goes on.
    expect(a.openConnections()).toBe(0);
    run.setTargets([b.url, c.url, a.url]); // A comes back (a restarted instance)
    const readdedAt = performance.now();
    const result = await run.result;

    expect(result.totals.errors).toBe(0);
    expect(result.totals.completed).toBe(120);
    const aUrl = new URL(a.url).href;
    const lateOnA = traces.filter((t) => t.target === aUrl && t.intendedAt > removedAt && t.intendedAt < removedAt + 240);
    expect(lateOnA).toHaveLength(0);
    expect(traces.filter((t) => t.target === aUrl && t.intendedAt >= readdedAt).length).toBeGreaterThan(10);
    expect(b.requests.length).toBeGreaterThan(20);
    expect(c.requests.length).toBeGreaterThan(20);
    // Round-robin over B and C: the split stays even.
    expect(Math.abs(b.requests.length - c.requests.length)).toBeLessThanOrEqual(2);
    expect(result.targets.map((t) => [t.url, t.active])).toEqual([
      [aUrl, false],
      [new URL(b.url).href, true],
      [new URL(c.url).href, true],
      [aUrl, true],
    ]);
  });
});

describe('stop', () => {
  it('an abort stops at once, resolves with status interrupted, and leaves no socket or timer behind', async () => {
    const sockets0 = countResources('TCPSocketWrap');
    const timers0 = countResources('Timeout');
    const slow = await startRawFixture(() => {}); // never answers: everything stays in flight
    const controller = new AbortController();
    const run = createLoadRun(
      {
        model: 'arrival-rate',
        startRate: 200,
        stages: [{ duration: '30s', target: 200 }],
        targets: [slow.url],
        requests: [{ name: 'r', request: {} }],
      },
      { signal: controller.signal },
    );
    await sleep(300);
    const abortedAt = performance.now();
    controller.abort();
    const result = await run.result;
    expect(performance.now() - abortedAt).toBeLessThan(200);
    expect(result.status).toBe('interrupted');
    expect(result.totals.abandoned).toBeGreaterThan(40);
    expect(result.totals.completed).toBe(0);
    expect(result.durationMs).toBeLessThan(1000);
    // Nothing of the run is left: its sockets are closed and its timers cleared (the fixture's
    // own listening socket is the test's, closed here first).
    await slow.close();
    expect(countResources('TCPSocketWrap')).toBeLessThanOrEqual(sockets0);
    expect(countResources('Timeout')).toBeLessThanOrEqual(timers0);
  });

  it('an already aborted signal gives an interrupted result at once', async () => {
    const server = await startAnsweringFixture();
    const result = await createLoadRun(
      { model: 'vus', vus: 2, duration: '5s', targets: [server.url], requests: [{ name: 'r', request: {} }] },
      { signal: AbortSignal.abort() },
    ).result;
    expect(result.status).toBe('interrupted');
    expect(result.totals.sent).toBe(0);
  });
});
