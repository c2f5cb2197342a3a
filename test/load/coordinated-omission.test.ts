import { describe, expect, it } from 'vitest';
import { createLoadRun, type ExchangeTrace } from '../../harness/load/index.js';
import { startRawFixture } from './fixtures.js';

describe('coordinated omission', () => {
  it('a one-second stall shows in the latency of every request scheduled during it', async () => {
    // One connection, like a client that waits for each answer. The server answers at once,
    // except the first request after 400 ms, which it holds for one second. Requests due during
    // that second queue behind it and are sent once it ends: a tool that measured from the send
    // would see them all as fast.
    let stallStart = 0;
    let stallEnd = 0;
    let firstAt = 0;
    const server = await startRawFixture((request, _socket, reply) => {
      if (firstAt === 0) firstAt = request.at;
      if (stallStart === 0 && request.at - firstAt >= 400) {
        stallStart = request.at;
        setTimeout(() => {
          stallEnd = performance.now();
          reply(200, 'late');
        }, 1000);
        return;
      }
      reply(200, 'ok');
    });
    const traces: ExchangeTrace[] = [];
    const result = await createLoadRun(
      {
        model: 'arrival-rate',
        startRate: 100,
        stages: [{ duration: '2s', target: 100 }],
        connections: 1,
        targets: [server.url],
        requests: [{ name: 'r', request: {} }],
      },
      { trace: (t) => traces.push(t) },
    ).result;

    expect(result.totals).toMatchObject({ sent: 200, completed: 200, dropped: 0, errors: 0 });
    expect(stallEnd - stallStart).toBeGreaterThanOrEqual(990);
    const during = traces.filter((t) => t.intendedAt > stallStart + 5 && t.intendedAt < stallEnd - 5);
    expect(during.length).toBeGreaterThan(90);
    for (const t of during) {
      const intended = t.settledAt - t.intendedAt;
      const remaining = stallEnd - t.intendedAt;
      // Latency from the intended time is the rest of the stall (plus the queue draining)...
      expect(intended).toBeGreaterThanOrEqual(remaining - 1);
      expect(intended).toBeLessThan(remaining + 300);
      // ...while the service time of each of them, sent after the stall, stays small.
      expect(t.sentAt).toBeGreaterThanOrEqual(stallEnd - 1);
      expect(t.settledAt - t.sentAt).toBeLessThan(50);
    }

    // The same story in the aggregates: half the requests waited, spread over 0..1 s.
    expect(result.latency.intended.max).toBeGreaterThan(990);
    expect(result.latency.intended.p90).toBeGreaterThan(600);
    expect(result.latency.service.p90).toBeLessThan(50);
    const worstSecond = Math.max(...result.timeline.map((s) => s.p99 ?? 0));
    expect(worstSecond).toBeGreaterThan(900);
    // The pool's queue is where they waited.
    expect(result.connectionWait.p90).toBeGreaterThan(500);
  });
});
