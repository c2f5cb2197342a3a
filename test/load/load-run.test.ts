import { describe, expect, it } from 'vitest';
import { createLoadRun, type ExchangeTrace } from '../../harness/load/index.js';
import { startAnsweringFixture, startHttpFixture, startRawFixture } from './fixtures.js';

describe('load run: open model', () => {
  it('sends the planned requests at the planned rate and reports them second by second', async () => {
    const server = await startAnsweringFixture();
    const run = createLoadRun({
      model: 'arrival-rate',
      startRate: 200,
      stages: [{ duration: '1s', target: 200 }],
      targets: [`${server.url}/ping`],
      requests: [{ name: 'ping', request: {} }],
      seed: 1,
    });
    const result = await run.result;
    expect(result.status).toBe('completed');
    expect(result.seed).toBe(1);
    expect(result.totals).toMatchObject({ scheduled: 200, sent: 200, completed: 200, ok: 200, errors: 0, dropped: 0, abandoned: 0 });
    expect(result.totals.achievedRate).toBeCloseTo(200, -1);
    expect(result.stages[0]).toMatchObject({ scheduled: 200, sent: 200, askedRate: 200 });
    expect(server.requests.every((r) => r.line === 'GET /ping HTTP/1.1')).toBe(true);
    expect(result.timeline.reduce((n, s) => n + s.sent, 0)).toBe(200);
    expect(result.timeline.reduce((n, s) => n + s.completed, 0)).toBe(200);
    expect(result.timeline[0]?.p99).not.toBeNull();
    expect(result.latency.intended.count).toBe(200);
    expect(result.latency.service.p50).toBeLessThan(result.latency.intended.p50 + 0.001);
    expect(result.schedulingLag.p99).toBeLessThan(50);
    expect(result.byName.ping?.completed).toBe(200);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
    // Idle keep-alive pool: a few connections serve all 200 requests.
    expect(server.acceptedConnections()).toBeLessThan(20);
  });

  it('ramps: a 0 -> 200/s ramp over 1 s sends 100 requests, crowded towards its end', async () => {
    const server = await startAnsweringFixture();
    const result = await createLoadRun({
      model: 'arrival-rate',
      stages: [{ duration: 1000, target: 200 }],
      targets: [server.url],
      requests: [{ name: 'r', request: {} }],
    }).result;
    expect(result.totals.sent).toBe(100);
    expect(result.stages[0]).toMatchObject({ from: 0, target: 200, askedRate: 100 });
  });

  it('counts a request due while maxInFlight are in flight as dropped, never delays it', async () => {
    const silent = await startRawFixture(() => {}); // reads requests, never answers
    const started = performance.now();
    const result = await createLoadRun({
      model: 'arrival-rate',
      startRate: 200,
      stages: [{ duration: '1s', target: 200 }],
      maxInFlight: 10,
      timeout: '1500ms',
      targets: [silent.url],
      requests: [{ name: 'x', request: {} }],
    }).result;
    expect(result.totals).toMatchObject({ scheduled: 200, sent: 10, completed: 0, dropped: 190 });
    expect(result.errorsByKind).toEqual({ timeout: 10 });
    expect(result.stages[0]?.dropped).toBe(190);
    expect(result.timeline.reduce((n, s) => n + s.dropped, 0)).toBe(190);
    expect(result.totals.maxInFlight).toBe(10);
    // The run ends once the stuck requests time out, not later.
    expect(performance.now() - started).toBeLessThan(3500);
  });

  it('runs checks on the response and counts named failures', async () => {
    const server = await startHttpFixture((req, res) => {
      const tenant = new URL(req.url ?? '/', 'http://x').searchParams.get('tenant');
      // Every fourth answer leaks another tenant's data.
      const leaked = Number(tenant) % 4 === 0;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ tenant: leaked ? 'other' : tenant }));
    });
    const result = await createLoadRun({
      model: 'arrival-rate',
      startRate: 100,
      stages: [{ duration: '1s', target: 100 }],
      targets: [server.url],
      requests: [
        {
          name: 'tenant-page',
          request: (_r, n) => ({ path: `/page?tenant=${n}` }),
          check: (res) => {
            if (res.headers['content-type'] !== 'application/json') return 'not json';
            const { tenant } = JSON.parse(res.body) as { tenant: string };
            return tenant === 'other' ? 'wrong tenant in body' : undefined;
          },
        },
      ],
    }).result;
    expect(result.totals.completed).toBe(100);
    expect(result.checkFailures).toEqual({ 'wrong tenant in body': 25 });
    expect(result.errorsByKind).toEqual({ check: 25 });
    expect(result.totals.ok).toBe(75);
  });

  it('the same seed sends the same request sequence', async () => {
    const server = await startAnsweringFixture();
    const requests = [
      {
        name: 'a',
        weight: 3,
        request: (r: import('../../harness/load/index.js').Random, n: number) => ({ path: `/a/${r.int(1000)}?n=${n}` }),
      },
      {
        name: 'b',
        request: (r: import('../../harness/load/index.js').Random, n: number) => ({
          method: 'POST',
          path: `/b?n=${n}`,
          body: String(r.int(1e9)),
        }),
      },
    ];
    const sequence = async (seed: number) => {
      const from = server.requests.length;
      await createLoadRun({
        model: 'arrival-rate',
        startRate: 300,
        stages: [{ duration: '500ms', target: 300 }],
        targets: [server.url],
        requests,
        seed,
      }).result;
      return server.requests
        .slice(from)
        .map((r) => `${r.line} ${r.body}`)
        .sort();
    };
    const first = await sequence(42);
    const second = await sequence(42);
    const other = await sequence(43);
    expect(first).toHaveLength(150);
    expect(second).toEqual(first);
    expect(other).not.toEqual(first);
  });
});

describe('load run: a broken request builder', () => {
  it('stops the run and rejects with STAMPEDE_LOAD_BAD_REQUEST', async () => {
    const server = await startAnsweringFixture();
    const run = createLoadRun({
      model: 'arrival-rate',
      startRate: 100,
      stages: [{ duration: '5s', target: 100 }],
      targets: [server.url],
      requests: [
        {
          name: 'flaky',
          request: (_r, n) => {
            if (n === 5) throw new Error('no such sku');
            return { path: `/sku/${n}` };
          },
        },
      ],
    });
    await expect(run.result).rejects.toMatchObject({ code: 'STAMPEDE_LOAD_BAD_REQUEST', message: expect.stringContaining('no such sku') });
    expect(server.requests).toHaveLength(5);
  });
});

describe('load run: closed model', () => {
  it('N virtual users with think time: at most N in flight, about N x duration / think requests', async () => {
    const server = await startRawFixture((_req, _socket, reply) => setTimeout(() => reply(200, 'ok'), 10));
    const traces: ExchangeTrace[] = [];
    const result = await createLoadRun(
      { model: 'vus', vus: 4, thinkTime: '40ms', duration: '1s', targets: [server.url], requests: [{ name: 'v', request: {} }] },
      { trace: (t) => traces.push(t) },
    ).result;
    expect(result.model).toBe('vus');
    expect(result.totals.maxInFlight).toBeLessThanOrEqual(4);
    // Each VU cycles every ~50 ms (10 ms service + 40 ms think): about 80 requests.
    expect(result.totals.completed).toBeGreaterThan(40);
    expect(result.totals.completed).toBeLessThan(90);
    expect(result.stages[0]).toMatchObject({ unit: 'vus', target: 4 });
    expect(server.acceptedConnections()).toBeLessThanOrEqual(4);
    expect(traces.every((t) => t.error === null && t.status === 200)).toBe(true);
  });
});
