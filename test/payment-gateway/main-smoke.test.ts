import { describe, expect, it } from 'vitest';
import type { Charge, GatewayLedger } from '../../target-services/upstreams/payment-gateway/gateway-contract.js';
import { spawnService, terminate } from '../route-optimizer/helpers/service-process.js';

describe('payment gateway: main.js under the process contract', () => {
  it('prints its listening line, charges, and exits 0 on SIGTERM', async () => {
    const service = await spawnService('dist/target-services/upstreams/payment-gateway/main.js', { INSTANCE_ID: 'payment-gateway' });
    expect(service.line).toEqual({
      event: 'listening',
      service: 'payment-gateway',
      variant: 'fake',
      instance: 'payment-gateway',
      port: expect.any(Number),
      pid: service.child.pid,
    });
    const health = await fetch(`${service.baseUrl}/healthz`);
    expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }]);
    const charged = await fetch(`${service.baseUrl}/charges`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'k-1' },
      body: JSON.stringify({ orderId: 'ord-1', amountCents: 100, customerId: 'c-1' }),
    });
    expect(((await charged.json()) as Charge).id).toBe('ch_1_payment-gateway');
    const ledger = (await (await fetch(`${service.baseUrl}/ledger`)).json()) as GatewayLedger;
    expect(ledger.totals.charges).toBe(1);

    const { code, ms } = await terminate(service);
    expect(code).toBe(0);
    expect(ms).toBeLessThan(3_000);
    expect(service.stderr()).not.toMatch(/charges/);
  });
});
