import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { describe, expect, it, onTestFinished } from 'vitest';
import { readBacklog } from '../../target-services/order-worker/contract/queue-inspection.js';
import type { ListeningLine } from '../../target-services/shared/service-main.js';
import { metricValue } from '../route-optimizer/helpers/http.js';
import { spawnService, terminate } from '../route-optimizer/helpers/service-process.js';
import { directClient, readLedger, redisClient, startGateway, startStack, waitFor } from './helpers/order-stack.js';

const entry = (variant: string) => `dist/target-services/order-worker/${variant}/main.js`;

describe.each(['naive', 'hardened'])('order-worker %s: main.js under the process contract', (variant) => {
  it('prints its listening line, enqueues and processes an order, and exits 0 within 3 s of SIGTERM', async () => {
    const urls = await startStack();
    const gatewayUrl = await startGateway();
    const service = await spawnService(entry(variant), {
      DATABASE_URL: urls.pgbouncerUrl,
      REDIS_URL: urls.redisUrl,
      PAYMENT_GATEWAY_URL: gatewayUrl,
      INSTANCE_ID: `${variant}-2`,
      DB_POOL_MAX: '3',
      VISIBILITY_TIMEOUT_MS: '5000',
    });
    expect(service.line).toEqual({
      event: 'listening',
      service: 'order-worker',
      variant,
      instance: `${variant}-2`,
      port: expect.any(Number),
      pid: service.child.pid,
    });
    const health = await fetch(`${service.baseUrl}/healthz`, { signal: AbortSignal.timeout(5_000) });
    expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }]);

    const posted = await fetch(`${service.baseUrl}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-correlation-id': 'corr-smoke-1' },
      body: JSON.stringify({
        orderId: 'ord-smoke-1',
        customerId: 'cus-1',
        amountCents: 1200,
        items: [{ sku: 'a', quantity: 1 }],
        type: 'OrderPlaced',
        sequence: 1,
      }),
      signal: AbortSignal.timeout(5_000),
    });
    expect(posted.status).toBe(202);
    expect(await posted.json()).toEqual({
      correlationId: 'corr-smoke-1',
      orderId: 'ord-smoke-1',
      messageId: expect.stringMatching(/^\d+-\d+$/),
    });

    const db = await directClient(urls);
    await waitFor('the order to be paid', async () => {
      const { rows } = await db.query<{ status: string }>("SELECT status FROM order_states WHERE order_id = 'ord-smoke-1'");
      return rows[0]?.status === 'paid';
    });
    expect((await readLedger(gatewayUrl)).totals.charges).toBe(1);
    const metrics = await (await fetch(`${service.baseUrl}/metrics`, { signal: AbortSignal.timeout(5_000) })).text();
    expect(metricValue(metrics, 'service_queue_processed_total')).toBe(1);
    expect(metricValue(metrics, 'service_queue_dlq_total{reason="max-receives"}')).toBe(0);

    const { code, ms } = await terminate(service);
    expect(code).toBe(0);
    expect(ms).toBeLessThan(3_000);
    // The worker loop stopped with the process: a message sent now stays undelivered.
    const redis = redisClient(urls);
    await redis.xadd('orders:queue', '*', 'body', '{}', 'correlationId', 'after-exit', 'enqueuedAt', '0');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await readBacklog(redis)).toMatchObject({ pending: 0, lag: 1 });
  });
});

describe('order-worker: configuration', () => {
  it.each(['naive', 'hardened'])('%s exits 2 with SERVICE_CONFIG_INVALID when PAYMENT_GATEWAY_URL is missing', async (variant) => {
    const child = spawn(process.execPath, [entry(variant)], {
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: 'postgres://x@127.0.0.1:1/x', REDIS_URL: 'redis://127.0.0.1:1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    onTestFinished(() => {
      if (child.exitCode === null && child.pid) process.kill(child.pid, 'SIGKILL');
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const lines: string[] = [];
    createInterface({ input: child.stdout }).on('line', (line) => lines.push(line));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toMatch(/SERVICE_CONFIG_INVALID: PAYMENT_GATEWAY_URL is not set/);
    expect(lines as unknown as ListeningLine[]).toEqual([]);
  });
});
