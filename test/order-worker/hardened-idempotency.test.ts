/*
 * The hardened handler: one charge per order whatever the deliveries, conditional transitions,
 * the per-order sequence check, and a heartbeat that keeps a slow charge from being redelivered.
 */

import { describe, expect, it } from 'vitest';
import type { OrderMessage } from '../../target-services/order-worker/contract/order-message.js';
import { metricValue } from '../route-optimizer/helpers/http.js';
import { processOrderEvent, recordingLogger } from './helpers/components.js';
import { directClient, hardenedInstance, listen, orderBody, readLedger, startGateway, startStack, waitFor } from './helpers/order-stack.js';
import { startSlowRelay } from './helpers/slow-relay.js';

const event = (overrides: Record<string, unknown> = {}) => orderBody(overrides) as unknown as OrderMessage;

describe('hardened order-worker: idempotent handling', () => {
  it('charges once for the same event delivered twice at once and again later, with the key and correlation id', async () => {
    const urls = await startStack();
    const gatewayUrl = await startGateway();
    const logger = recordingLogger();
    const process = processOrderEvent(urls, await startSlowRelay(gatewayUrl, 200), logger);
    const placed = event({ orderId: 'ord-twice' });

    const racing = await Promise.all([process.execute(placed, 'corr-a'), process.execute(placed, 'corr-a')]);
    expect(racing.sort()).toEqual(['applied', 'duplicate']);
    expect(await process.execute(placed, 'corr-a')).toBe('duplicate');

    const ledger = await readLedger(gatewayUrl);
    expect(ledger.totals).toMatchObject({ charges: 1, unkeyedCharges: 0 });
    expect(ledger.entries?.every((e) => e.idempotencyKey === 'order-charge:ord-twice')).toBe(true);
    const db = await directClient(urls);
    const { rows } = await db.query('SELECT status, sequence, correlation_id FROM order_states WHERE order_id = $1', ['ord-twice']);
    expect(rows).toEqual([{ status: 'paid', sequence: 1, correlation_id: 'corr-a' }]);
    const processed = await db.query('SELECT event_type, outcome FROM processed_messages WHERE order_id = $1', ['ord-twice']);
    expect(processed.rows).toEqual([{ event_type: 'OrderPlaced', outcome: 'applied' }]);
  });

  it('never lets an older event overwrite a newer state: a cancel that overtook its placement wins, nothing is charged', async () => {
    const urls = await startStack();
    const gatewayUrl = await startGateway();
    const process = processOrderEvent(urls, gatewayUrl);
    const cancel = event({ orderId: 'ord-late', type: 'OrderCancelled', sequence: 2 });
    const placed = event({ orderId: 'ord-late', type: 'OrderPlaced', sequence: 1 });

    expect(await process.execute(cancel, 'corr-cancel')).toBe('applied');
    expect(await process.execute(placed, 'corr-placed')).toBe('superseded');
    // The normal order: placed, then cancelled; a replayed cancel changes nothing.
    const other = event({ orderId: 'ord-normal' });
    expect(await process.execute(other, 'corr-1')).toBe('applied');
    expect(await process.execute({ ...other, type: 'OrderCancelled', sequence: 2 }, 'corr-2')).toBe('applied');
    expect(await process.execute({ ...other, type: 'OrderCancelled', sequence: 2 }, 'corr-2')).toBe('duplicate');

    expect((await readLedger(gatewayUrl)).entries?.map((e) => e.orderId)).toEqual(['ord-normal']);
    const db = await directClient(urls);
    const states = await db.query('SELECT order_id, status, sequence FROM order_states ORDER BY order_id');
    expect(states.rows).toEqual([
      { order_id: 'ord-late', status: 'cancelled', sequence: 2 },
      { order_id: 'ord-normal', status: 'cancelled', sequence: 2 },
    ]);
    const history = await db.query('SELECT order_id, status, sequence FROM order_status_history ORDER BY id');
    expect(history.rows).toEqual([
      { order_id: 'ord-late', status: 'cancelled', sequence: 2 },
      { order_id: 'ord-normal', status: 'paid', sequence: 1 },
      { order_id: 'ord-normal', status: 'cancelled', sequence: 2 },
    ]);
  });

  it('keeps messages invisible during charges slower than the visibility timeout: no redelivery, one charge each', async () => {
    const urls = await startStack();
    const gatewayUrl = await startGateway();
    const slow = await startSlowRelay(gatewayUrl, 900);
    const settings = { queue: { visibilityTimeoutMs: 300, maxReceives: 5, batchSize: 10, waitMs: 100 } };
    const a = await listen(hardenedInstance(urls, { instanceId: 'hardened-1', gatewayUrl: slow, settings }));
    const b = await listen(hardenedInstance(urls, { instanceId: 'hardened-2', gatewayUrl: slow, settings }));
    for (let i = 0; i < 4; i++) {
      const response = await fetch(`${i % 2 === 0 ? a : b}/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(orderBody({ orderId: `ord-slow-${i}` })),
      });
      expect(response.status).toBe(202);
    }
    const db = await directClient(urls);
    await waitFor('four paid orders', async () => {
      const { rows } = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM order_states WHERE status = 'paid'");
      return rows[0]?.n === 4;
    });
    expect((await readLedger(gatewayUrl)).totals).toMatchObject({ attempts: 4, charges: 4, replays: 0 });
    let redeliveries = 0;
    for (const base of [a, b])
      redeliveries += metricValue(await (await fetch(`${base}/metrics`)).text(), 'service_queue_redeliveries_total') ?? 0;
    expect(redeliveries).toBe(0);
  });
});
