/*
 * SQS semantics on Redis Streams (the hardened adapter): visibility timeout as XAUTOCLAIM's
 * min-idle-time, the receive count as the pending entry's delivery counter, a heartbeat that
 * keeps a message invisible, and the DLQ after maxReceives.
 */
import { describe, expect, it } from 'vitest';
import { readBacklog, readDeadLetters } from '../../target-services/order-worker/contract/queue-inspection.js';
import { HandleDelivery } from '../../target-services/order-worker/hardened/application/handle-delivery.js';
import { startResettingServer } from '../helpers/fixture-servers.js';
import { processOrderEvent, recordingLogger, streamQueue } from './helpers/components.js';
import { orderBody, redisClient, startStack } from './helpers/order-stack.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('order queue on Redis Streams', () => {
  it('hands an unacked message to another consumer once its visibility timeout passed, counting receives', async () => {
    const urls = await startStack();
    const a = streamQueue(urls, 'worker-a', { visibilityTimeoutMs: 300 });
    const b = streamQueue(urls, 'worker-b', { visibilityTimeoutMs: 300 });
    const id = await a.enqueue('{"n":1}', 'corr-1');

    const [first] = await a.receive(10);
    expect(first).toEqual({ id, body: '{"n":1}', correlationId: 'corr-1', receiveCount: 1 });
    expect(await b.receive(10)).toEqual([]);
    await sleep(350);
    const [again] = await b.receive(10);
    expect(again).toEqual({ id, body: '{"n":1}', correlationId: 'corr-1', receiveCount: 2 });

    // The first consumer finishing late still deletes it; the second one's ack finds it gone.
    expect(await a.ack(id)).toBe(true);
    expect(await b.ack(id)).toBe(false);
    expect(await readBacklog(redisClient(urls))).toEqual({ pending: 0, lag: 0, length: 1 });
  });

  it('keeps a message invisible while a heartbeat extends it, without counting a receive', async () => {
    const urls = await startStack();
    const a = streamQueue(urls, 'worker-a', { visibilityTimeoutMs: 300 });
    const b = streamQueue(urls, 'worker-b', { visibilityTimeoutMs: 300 });
    const id = await a.enqueue('{"n":1}', 'corr-1');
    await a.receive(10);

    // Twice the visibility timeout of work, with a beat every 100 ms.
    for (let beat = 0; beat < 6; beat++) {
      await sleep(100);
      expect(await a.extendVisibility([id])).toEqual([id]);
      expect(await b.receive(10)).toEqual([]);
    }
    // The worker dies: no more beats, the message comes back, received for the second time only.
    await sleep(350);
    expect((await b.receive(10)).map((d) => [d.id, d.receiveCount])).toEqual([[id, 2]]);
  });

  it('retries a failing message until maxReceives, then dead-letters it with the reason; poison goes at once', async () => {
    const urls = await startStack();
    const refusing = await startResettingServer();
    const queue = streamQueue(urls, 'worker-a', { visibilityTimeoutMs: 100, maxReceives: 3 });
    const handler = new HandleDelivery({
      queue,
      process: processOrderEvent(urls, refusing.url),
      logger: recordingLogger(),
      maxReceives: 3,
    });
    await queue.enqueue(JSON.stringify(orderBody({ orderId: 'ord-retry' })), 'corr-retry');
    await queue.enqueue(JSON.stringify(orderBody({ type: 'OrderPlacedV2' })), 'corr-poison');

    const outcomes: [string, number, string][] = [];
    for (let round = 0; round < 20 && !outcomes.some(([c, , o]) => c === 'corr-retry' && o === 'dead-lettered'); round++) {
      for (const delivery of await queue.receive(10)) {
        outcomes.push([delivery.correlationId, delivery.receiveCount, await handler.handle(delivery)]);
      }
      await sleep(60);
    }
    expect(outcomes).toEqual([
      ['corr-retry', 1, 'retry'],
      ['corr-poison', 1, 'dead-lettered'],
      ['corr-retry', 2, 'retry'],
      ['corr-retry', 3, 'dead-lettered'],
    ]);
    const redis = redisClient(urls);
    const letters = await readDeadLetters(redis);
    expect(letters.map((l) => [l.correlationId, l.reason, l.receives])).toEqual([
      ['corr-poison', 'unknown-event-type', '1'],
      ['corr-retry', 'max-receives', '3'],
    ]);
    expect(letters[1]?.detail).toMatch(/^ORDER_WORKER_GATEWAY_FAILED: /);
    expect(await readBacklog(redis)).toMatchObject({ pending: 0, lag: 0 });
  });
});
