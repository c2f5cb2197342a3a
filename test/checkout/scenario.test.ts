import { describe, expect, it } from 'vitest';
import { previewRequests } from '../../harness/load/request-mix.js';
import { validateScenario } from '../../harness/scenario/define-scenario.js';
import type { ScenarioContext } from '../../harness/scenario/scenario-types.js';
import scenario from '../../scenarios/flash-sale-checkout.js';
import type { CheckoutBody } from '../../target-services/checkout/contract/http-contract.js';

// The mix only needs the seed; invariants (which need the database) are not run here.
const context = (seed: number) => ({ seed, scale: 1 }) as ScenarioContext;

function checkouts(seed: number, count: number) {
  return previewRequests(scenario.workload(context(seed)).requests, seed, count)
    .filter((r) => r.name === 'checkout')
    .map((r) => JSON.parse(r.body ?? '') as CheckoutBody);
}

describe('flash-sale-checkout scenario', () => {
  it('is a valid scenario for the checkout service and the payment gateway', () => {
    expect(() => validateScenario(scenario, 'flash-sale-checkout')).not.toThrow();
    expect([scenario.service, scenario.upstreams, scenario.variants]).toEqual(['checkout', ['payment-gateway'], ['naive', 'hardened']]);
    expect(scenario.chaos.map((c) => c.name)).toEqual([
      'database-rtt',
      'gateway-baseline',
      'midnight-drop',
      'gateway-slowdown',
      'price-cut',
      'redis-jitter',
    ]);
  });

  it('builds the same requests from the same seed, and others from another seed', () => {
    const requests = (seed: number) => previewRequests(scenario.workload(context(seed)).requests, seed, 500);
    expect(requests(3)).toEqual(requests(3));
    expect(requests(4)).not.toEqual(requests(3));
  });

  it('re-sends earlier checkouts as they were for about one request in eight, and piles onto the doorbusters', () => {
    const bodies = checkouts(1, 4_000);
    const firstByKey = new Map<string, CheckoutBody>();
    let resent = 0;
    for (const body of bodies) {
      const first = firstByKey.get(body.idempotencyKey);
      if (first) {
        resent++;
        expect(body).toEqual(first);
      } else firstByKey.set(body.idempotencyKey, body);
    }
    // 15% of checkouts repeat an earlier sequence number, about three in four of them a checkout.
    expect(resent / bodies.length).toBeGreaterThan(0.08);
    expect(resent / bodies.length).toBeLessThan(0.15);
    const bySku = new Map<string, number>();
    for (const body of bodies) bySku.set(body.sku, (bySku.get(body.sku) ?? 0) + 1);
    const ranked = [...bySku.entries()].sort((a, b) => b[1] - a[1]);
    expect(ranked[0]?.[0]).toBe('SKU-0001');
    const doorbusters = ranked.filter(([sku]) => sku <= 'SKU-0005').reduce((n, [, c]) => n + c, 0);
    expect(doorbusters / bodies.length).toBeGreaterThan(0.4);
  });
});
