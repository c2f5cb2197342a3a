/*
 * The naive order-worker's two failures, small: a charge slower than the visibility timeout is
 * made again by another consumer (source 002), and a message that throws is deleted anyway, with
 * no state, no DLQ entry and a green "processed" counter (source 004).
 */
import { describe, expect, it } from 'vitest';
import { readBacklog, readDeadLetters } from '../../target-services/order-worker/contract/queue-inspection.js';
import { metricValue } from '../route-optimizer/helpers/http.js';
import {
  directClient,
  listen,
  naiveInstance,
  orderBody,
  readLedger,
  redisClient,
  startGateway,
  startStack,
  waitFor,
} from './helpers/order-stack.js';
import { startSlowRelay } from './helpers/slow-relay.js';

async function post(base: string, body: unknown): Promise<number> {
  const response = await fetch(`${base}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(5_000),
  });
  return response.status;
}

describe('naive order-worker: the incident', () => {
  it('charges one order again when its charge outlives the visibility timeout', async () => {
    const urls = await startStack();
    const gatewayUrl = await startGateway();
    const slow = await startSlowRelay(gatewayUrl, 900);
    const queue = { visibilityTimeoutMs: 300, waitMs: 100 };
    const a = await listen(naiveInstance(urls, { instanceId: 'naive-1', gatewayUrl: slow, queue }));
    await listen(naiveInstance(urls, { instanceId: 'naive-2', gatewayUrl: slow, queue }));

    expect(await post(a, orderBody({ orderId: 'ord-847' }))).toBe(202);
    const redis = redisClient(urls);
    await waitFor('the message to be deleted', async () => {
      const backlog = await readBacklog(redis);
      return backlog.pending === 0 && backlog.lag === 0;
    });
    const ledger = await readLedger(gatewayUrl);
    expect(ledger.totals.charges).toBeGreaterThanOrEqual(2);
    expect(new Set(ledger.entries?.map((e) => e.orderId))).toEqual(new Set(['ord-847']));
    expect(ledger.totals.unkeyedCharges).toBe(ledger.totals.charges);
  });

  it('deletes a message that throws: the order never happens, the DLQ stays empty, metrics say processed', async () => {
    const urls = await startStack();
    const gatewayUrl = await startGateway();
    const base = await listen(naiveInstance(urls, { instanceId: 'naive-1', gatewayUrl }));
    const { amountCents, ...renamed } = orderBody({ orderId: 'ord-renamed' });
    expect(await post(base, { ...renamed, amount_cents: amountCents })).toBe(202);
    expect(await post(base, orderBody({ orderId: 'ord-v2', type: 'OrderPlacedV2' }))).toBe(202);

    const redis = redisClient(urls);
    await waitFor('both messages to be deleted', async () => {
      const backlog = await readBacklog(redis);
      return backlog.length === 2 && backlog.pending === 0 && backlog.lag === 0;
    });
    const db = await directClient(urls);
    expect((await db.query('SELECT order_id FROM order_states')).rows).toEqual([]);
    expect(await readDeadLetters(redis)).toEqual([]);
    // The gateway refused the charge without an amount (400); nothing was charged.
    expect((await readLedger(gatewayUrl)).totals).toMatchObject({ attempts: 0, charges: 0 });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metricValue(metrics, 'service_queue_processed_total')).toBe(2);
    expect(metricValue(metrics, 'service_queue_dlq_total{reason="max-receives"}')).toBe(0);
  });
});
