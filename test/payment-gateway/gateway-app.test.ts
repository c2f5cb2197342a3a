import { describe, expect, it, onTestFinished } from 'vitest';
import { serviceMetricNames } from '../../target-services/shared/service-metrics.js';
import { buildApp } from '../../target-services/upstreams/payment-gateway/app.js';
import type { Charge, GatewayErrorBody, GatewayLedger } from '../../target-services/upstreams/payment-gateway/gateway-contract.js';

function gateway(instanceId = 'gw-1') {
  let tick = Date.parse('2026-11-27T00:00:00.000Z');
  // One millisecond per charge: the ledger's times are stable and strictly ordered.
  const app = buildApp({ instanceId, logLevel: 'silent', now: () => new Date(tick++) });
  onTestFinished(() => app.close());
  return app;
}

const charge = { orderId: 'ord-1', amountCents: 2_999, customerId: 'cust-7' };

type Gateway = ReturnType<typeof gateway>;
const post = (app: Gateway, body: unknown, key?: string) =>
  app.inject({ method: 'POST', url: '/charges', payload: body as object, headers: key ? { 'idempotency-key': key } : {} });
const ledgerOf = async (app: Gateway, query = '') => (await app.inject({ method: 'GET', url: `/ledger${query}` })).json<GatewayLedger>();

describe('payment gateway: charges and idempotency keys', () => {
  it('charges again for every request without a key (what a naive retry does)', async () => {
    const app = gateway('gw-7');
    const first = await post(app, charge);
    const second = await post(app, charge);
    expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
    expect(first.json<Charge>()).toEqual({
      ...charge,
      id: 'ch_1_gw-7',
      currency: 'usd',
      status: 'succeeded',
      created: '2026-11-27T00:00:00.000Z',
    });
    expect(second.json<Charge>().id).toBe('ch_2_gw-7');
    const ledger = await ledgerOf(app);
    expect(ledger.totals).toEqual({ attempts: 2, charges: 2, chargedCents: 5_998, unkeyedCharges: 2, replays: 0, keyReused: 0 });
    expect(ledger.entries?.map((e) => [e.seq, e.orderId, e.idempotencyKey, e.result, e.chargeId])).toEqual([
      [1, 'ord-1', null, 'charged', 'ch_1_gw-7'],
      [2, 'ord-1', null, 'charged', 'ch_2_gw-7'],
    ]);
  });

  it('answers a repeated key with the stored charge, marked as replayed, and charges nothing', async () => {
    const app = gateway();
    const first = await post(app, charge, 'charge-ord-1');
    const again = await post(app, charge, 'charge-ord-1');
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const ledger = await ledgerOf(app);
    expect(ledger.totals).toMatchObject({ attempts: 2, charges: 1, chargedCents: 2_999, replays: 1, unkeyedCharges: 0 });
    expect(ledger.entries?.map((e) => [e.result, e.chargeId, e.idempotencyKey])).toEqual([
      ['charged', 'ch_1_gw-1', 'charge-ord-1'],
      ['replayed', 'ch_1_gw-1', 'charge-ord-1'],
    ]);
  });

  it('refuses a key re-used with other parameters (400 IDEMPOTENCY_KEY_REUSED) and charges nothing', async () => {
    const app = gateway();
    await post(app, charge, 'k-1');
    const reused = await post(app, { ...charge, amountCents: 3_999 }, 'k-1');
    expect(reused.statusCode).toBe(400);
    expect(reused.json<GatewayErrorBody>().code).toBe('IDEMPOTENCY_KEY_REUSED');
    // Another key for the same order is another operation: Stripe charges it.
    expect((await post(app, charge, 'k-2')).statusCode).toBe(200);
    expect((await ledgerOf(app)).totals).toMatchObject({ attempts: 3, charges: 2, keyReused: 1 });
  });

  it('tells what a key came to without charging: the stored charge, or 404 CHARGE_NOT_FOUND for a key never charged', async () => {
    const app = gateway();
    const unknown = await app.inject({ method: 'GET', url: '/charges/by-idempotency-key/charge-ord-1' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json<GatewayErrorBody>().code).toBe('CHARGE_NOT_FOUND');
    const made = (await post(app, charge, 'charge-ord-1')).json<Charge>();
    const found = await app.inject({ method: 'GET', url: `/charges/by-idempotency-key/${encodeURIComponent('charge-ord-1')}` });
    expect(found.statusCode).toBe(200);
    expect(found.json<Charge>()).toEqual(made);
    // A lookup moves no money and is no charge attempt: the ledger holds the one charge only.
    expect((await ledgerOf(app)).totals).toMatchObject({ attempts: 1, charges: 1 });
    // A reset forgets the key, as it forgets the charge.
    await app.inject({ method: 'POST', url: '/ledger/reset' });
    expect((await app.inject({ method: 'GET', url: '/charges/by-idempotency-key/charge-ord-1' })).statusCode).toBe(404);
  });

  it('refuses malformed charges with 400 and records nothing', async () => {
    const app = gateway();
    for (const body of [{}, { ...charge, amountCents: 0 }, { ...charge, amountCents: 1.5 }, { ...charge, currency: 'eur' }]) {
      expect((await post(app, body)).statusCode).toBe(400);
    }
    const emptyKey = await app.inject({ method: 'POST', url: '/charges', payload: charge, headers: { 'idempotency-key': '' } });
    expect(emptyKey.statusCode).toBe(400);
    expect((await ledgerOf(app)).totals.attempts).toBe(0);
  });

  it('leaves the entries out on ?entries=false, and a reset forgets charges and keys', async () => {
    const app = gateway();
    await post(app, charge, 'k-1');
    expect(await ledgerOf(app, '?entries=false')).toEqual({
      totals: { attempts: 1, charges: 1, chargedCents: 2_999, unkeyedCharges: 0, replays: 0, keyReused: 0 },
    });
    const reset = await app.inject({ method: 'POST', url: '/ledger/reset' });
    expect(reset.json<GatewayLedger>()).toEqual({
      totals: { attempts: 0, charges: 0, chargedCents: 0, unkeyedCharges: 0, replays: 0, keyReused: 0 },
      entries: [],
    });
    const after = await post(app, charge, 'k-1');
    expect(after.headers['idempotent-replayed']).toBeUndefined();
    expect((await ledgerOf(app)).totals.charges).toBe(1);
  });

  it('charges once for many concurrent requests with one key over real sockets, and serves /healthz and /metrics', async () => {
    const app = gateway();
    await app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        fetch(`${base}/charges`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': 'charge-ord-1' },
          body: JSON.stringify(charge),
        }).then(async (r) => ({ status: r.status, replayed: r.headers.get('idempotent-replayed'), body: (await r.json()) as Charge })),
      ),
    );
    expect(new Set(answers.map((a) => `${a.status} ${a.body.id}`))).toEqual(new Set(['200 ch_1_gw-1']));
    expect(answers.filter((a) => a.replayed === 'true')).toHaveLength(19);
    expect((await ledgerOf(app)).totals).toMatchObject({ attempts: 20, charges: 1, replays: 19 });

    const health = await fetch(`${base}/healthz`);
    expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }]);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    for (const name of serviceMetricNames) expect(metrics).toMatch(new RegExp(`^${name}[ {]`, 'm'));
    expect(metrics).toMatch(/^service_http_requests_total\{route="\/charges",status="200"\} 20$/m);
  });
});
