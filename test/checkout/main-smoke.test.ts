import { describe, expect, it } from 'vitest';
import type { CheckoutResponse } from '../../target-services/checkout/contract/http-contract.js';
import { spawnService, terminate } from '../route-optimizer/helpers/service-process.js';
import { seed, startGateway, startStack } from './helpers/checkout-stack.js';

const entry = (variant: string) => `dist/target-services/checkout/${variant}/main.js`;

describe.each(['naive', 'hardened'])('checkout %s: main.js under the process contract', (variant) => {
  it('prints its listening line, checks out, and exits 0 on SIGTERM', async () => {
    const urls = await startStack();
    await seed(urls);
    const service = await spawnService(entry(variant), {
      DATABASE_URL: urls.pgbouncerUrl,
      REDIS_URL: urls.redisUrl,
      PAYMENT_GATEWAY_URL: await startGateway(),
      INSTANCE_ID: `${variant}-2`,
      DB_POOL_MAX: '3',
    });
    expect(service.line).toEqual({
      event: 'listening',
      service: 'checkout',
      variant,
      instance: `${variant}-2`,
      port: expect.any(Number),
      pid: service.child.pid,
    });
    const health = await fetch(`${service.baseUrl}/healthz`);
    expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }]);
    const placed = await fetch(`${service.baseUrl}/checkout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sku: 'SKU-0002', quantity: 1, customerId: 'cust-1', idempotencyKey: 'checkout-smoke-1' }),
      signal: AbortSignal.timeout(5_000),
    });
    expect(placed.status).toBe(201);
    expect(((await placed.json()) as CheckoutResponse).status).toBe('confirmed');

    const { code, ms } = await terminate(service);
    expect(code).toBe(0);
    expect(ms).toBeLessThan(3_000);
    // Terse: no line per request on stderr.
    expect(service.stderr()).not.toMatch(/checkout-smoke-1|\/checkout/);
  });

  it('refuses to start without PAYMENT_GATEWAY_URL (exit 2, SERVICE_CONFIG_INVALID)', async () => {
    await expect(
      spawnService(entry(variant), { DATABASE_URL: 'postgres://127.0.0.1:1/x', REDIS_URL: 'redis://127.0.0.1:1' }),
    ).rejects.toThrow(/exited with 2[\s\S]*SERVICE_CONFIG_INVALID: PAYMENT_GATEWAY_URL is not set/);
  });
});
