import { describe, expect, it } from 'vitest';
import { createLoadRun, type ExchangeTrace } from '../../harness/load/index.js';
import { refusedUrl, startAnsweringFixture, startHttpFixture, startRawFixture } from './fixtures.js';

describe('errors by kind', () => {
  it('refused, reset, timeout, protocol, 5xx and 4xx, one target each in round-robin', async () => {
    const refused = await refusedUrl();
    const resetting = await startRawFixture((_req, socket) => socket.resetAndDestroy());
    const silent = await startRawFixture(() => {});
    const garbling = await startRawFixture((_req, socket) => socket.write('SSH-2.0-not-http\r\n\r\n'));
    const failing = await startAnsweringFixture(503, 'overloaded');
    const missing = await startAnsweringFixture(404, 'no such page');
    const targets = [refused, resetting.url, silent.url, garbling.url, failing.url, missing.url];
    const traces: ExchangeTrace[] = [];
    const result = await createLoadRun(
      {
        model: 'arrival-rate',
        startRate: 60,
        stages: [{ duration: '1s', target: 60 }],
        timeout: '300ms',
        targets,
        requests: [{ name: 'r', request: { path: '/' } }],
      },
      { trace: (t) => traces.push(t) },
    ).result;

    expect(result.totals.scheduled).toBe(60);
    expect(result.errorsByKind).toEqual({ refused: 10, reset: 10, timeout: 10, protocol: 10, http_5xx: 10, http_4xx: 10 });
    expect(result.totals.errors).toBe(60);
    expect(result.totals.completed).toBe(20); // the 5xx and 4xx responses did arrive
    const kindByTarget = new Map<string, Set<string | null>>();
    for (const t of traces) kindByTarget.set(t.target, (kindByTarget.get(t.target) ?? new Set()).add(t.error));
    expect(targets.map((url) => [...(kindByTarget.get(new URL(url).href) ?? [])])).toEqual([
      ['refused'],
      ['reset'],
      ['timeout'],
      ['protocol'],
      ['http_5xx'],
      ['http_4xx'],
    ]);
    for (const target of result.targets) expect(target.errors).toBe(10);
    // A timed-out request's socket is destroyed: the silent server saw each of them on a new connection.
    expect(silent.acceptedConnections()).toBe(10);
  });

  it('a server closing mid-response is a reset; one that closes after a close-delimited body is fine', async () => {
    const cut = await startRawFixture((_req, socket) => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial');
      socket.end();
    });
    const closeDelimited = await startRawFixture((_req, socket) => {
      socket.write('HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nwhole body');
      socket.end();
    });
    const result = await createLoadRun({
      model: 'arrival-rate',
      startRate: 20,
      stages: [{ duration: '500ms', target: 20 }],
      targets: [cut.url, closeDelimited.url],
      requests: [{ name: 'r', request: {} }],
    }).result;
    expect(result.errorsByKind).toEqual({ reset: 5 });
    expect(result.totals.ok).toBe(5);
  });

  it('a server closing idle keep-alive connections costs no request', async () => {
    const server = await startHttpFixture((_req, res) => res.end('ok'), { keepAliveTimeoutMs: 100 });
    const result = await createLoadRun({
      model: 'arrival-rate',
      startRate: 5,
      stages: [{ duration: '1200ms', target: 5 }],
      targets: [server.url],
      requests: [{ name: 'r', request: {} }],
    }).result;
    expect(result.totals).toMatchObject({ sent: 6, ok: 6, errors: 0 });
  });

  it('an empty target list counts no_target, and setTargets brings traffic back', async () => {
    const server = await startAnsweringFixture();
    const run = createLoadRun({
      model: 'arrival-rate',
      startRate: 100,
      stages: [{ duration: '600ms', target: 100 }],
      targets: [],
      requests: [{ name: 'r', request: {} }],
    });
    setTimeout(() => run.setTargets([server.url]), 300);
    const result = await run.result;
    expect(result.errorsByKind.no_target).toBeGreaterThan(20);
    expect(result.totals.ok).toBeGreaterThan(20);
    expect((result.errorsByKind.no_target ?? 0) + result.totals.ok).toBe(60);
  });
});
