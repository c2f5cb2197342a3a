import { describe, expect, it } from 'vitest';
import { isStampedeError } from '../../harness/errors/stampede-error.js';
import type { RequestSpec, RequestTemplate } from '../../harness/load/load-plan.js';
import { normalizePlan } from '../../harness/load/plan-validation.js';
import { encodeRequest } from '../../harness/load/request-encoding.js';
import { previewRequests } from '../../harness/load/request-mix.js';
import { parseTarget } from '../../harness/load/target-url.js';
import { zipf } from '../../harness/load/zipf.js';

const hot = zipf(500, 1.1);
const mix: RequestTemplate[] = [
  { name: 'browse', weight: 8, request: (r) => ({ path: `/products/${hot.sample(r)}` }) },
  {
    name: 'checkout',
    weight: 2,
    request: (r, n) => ({ method: 'POST', path: '/orders', body: JSON.stringify({ sku: hot.sample(r), qty: r.between(1, 3), n }) }),
  },
  { name: 'health', weight: 0.5, request: { path: '/health' } },
];

describe('request mix', () => {
  it('the same seed gives the same request sequence; another seed another one', () => {
    const a = previewRequests(mix, 42, 500);
    const b = previewRequests(mix, 42, 500);
    const c = previewRequests(mix, 43, 500);
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
  });

  it('follows the weights', () => {
    const counts: Record<string, number> = { browse: 0, checkout: 0, health: 0 };
    for (const r of previewRequests(mix, 7, 21_000)) counts[r.name] = (counts[r.name] ?? 0) + 1;
    expect(counts.browse).toBeGreaterThan(15_200);
    expect(counts.browse).toBeLessThan(16_800);
    expect(counts.checkout).toBeGreaterThan(3_700);
    expect(counts.checkout).toBeLessThan(4_300);
    expect(counts.health).toBeGreaterThan(800);
    expect(counts.health).toBeLessThan(1_200);
  });

  it('encodes exact request bytes with Host and Content-Length', () => {
    const target = parseTarget('http://127.0.0.1:8080/base?x=1', false);
    expect(encodeRequest({}, target).toString()).toBe('GET /base?x=1 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n');
    expect(encodeRequest({ method: 'POST', path: '/o', headers: { 'X-Tenant': 't1' }, body: 'héllo' }, target).toString()).toBe(
      'POST /o HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nX-Tenant: t1\r\nContent-Length: 6\r\n\r\nhéllo',
    );
    expect(encodeRequest({ method: 'PUT', path: '/o' }, target).toString()).toContain('Content-Length: 0\r\n');
  });

  it('refuses request bytes that could split the stream', () => {
    const target = parseTarget('http://127.0.0.1:8080/', false);
    const specs: RequestSpec[] = [
      { path: '/a b' },
      { path: 'nope' },
      { method: 'GE T' },
      { headers: { 'X-A': 'v\r\nX-B: w' } },
      { headers: { 'Bad Name': 'v' } },
    ];
    for (const spec of specs) {
      try {
        encodeRequest(spec, target);
        expect.unreachable(`accepted ${JSON.stringify(spec)}`);
      } catch (err) {
        expect(isStampedeError(err) && err.code).toBe('STAMPEDE_LOAD_BAD_REQUEST');
      }
    }
  });

  it('checks a plan and names the bad field', () => {
    const base = {
      model: 'arrival-rate',
      targets: ['http://127.0.0.1:1/'],
      requests: [{ name: 'a', request: {} }],
      stages: [{ duration: '1s', target: 10 }],
    } as const;
    const codeOf = (plan: unknown) => {
      try {
        normalizePlan(plan as never);
        return 'ok';
      } catch (err) {
        return isStampedeError(err) ? `${err.code} ${String(err.details?.path ?? '')}` : String(err);
      }
    };
    expect(codeOf(base)).toBe('ok');
    expect(codeOf({ ...base, stages: [{ duration: 'soon', target: 10 }] })).toBe('STAMPEDE_LOAD_BAD_PLAN stages[0].duration');
    expect(codeOf({ ...base, stages: [{ duration: '1s', target: -1 }] })).toBe('STAMPEDE_LOAD_BAD_PLAN stages[0].target');
    expect(codeOf({ ...base, requests: [] })).toBe('STAMPEDE_LOAD_BAD_PLAN requests');
    expect(codeOf({ ...base, requests: [{ name: 'a', request: { path: 'x y' } }] })).toBe('STAMPEDE_LOAD_BAD_PLAN requests[0].request');
    expect(codeOf({ ...base, maxInFlight: 0 })).toBe('STAMPEDE_LOAD_BAD_PLAN maxInFlight');
    expect(codeOf({ ...base, targets: ['https://127.0.0.1/'] })).toBe('STAMPEDE_LOAD_BAD_PLAN targets[0]');
    expect(codeOf({ ...base, targets: ['http://10.1.2.3/'] })).toBe('STAMPEDE_LOAD_REMOTE_TARGET ');
    expect(codeOf({ ...base, targets: ['http://10.1.2.3/'], allowRemoteTarget: true })).toBe('ok');
    expect(codeOf({ model: 'vus', targets: [], requests: base.requests, duration: '1s' })).toBe('STAMPEDE_LOAD_BAD_PLAN vus');
  });

  it('accepts loopback targets only by default: 127.0.0.0/8, ::1, localhost', () => {
    for (const url of ['http://127.0.0.1:1/', 'http://127.8.9.10/', 'http://[::1]:80/', 'http://localhost:3000/']) {
      expect(() => parseTarget(url, false)).not.toThrow();
    }
    for (const url of ['http://128.0.0.1/', 'http://example.com/', 'http://[::2]/', 'http://localhost.example.com/']) {
      expect(() => parseTarget(url, false)).toThrow(expect.objectContaining({ code: 'STAMPEDE_LOAD_REMOTE_TARGET' }));
    }
  });
});
