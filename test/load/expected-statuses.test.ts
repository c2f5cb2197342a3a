import { describe, expect, it } from 'vitest';
import { isStampedeError } from '../../harness/errors/stampede-error.js';
import { createLoadRun } from '../../harness/load/index.js';
import { startAnsweringFixture } from './fixtures.js';

describe('expected statuses', () => {
  it('counts a listed 4xx as an outcome, not an error, and a check can still fail it', async () => {
    const soldOut = await startAnsweringFixture(409, '{"code":"SOLD_OUT"}');
    const run = (expectedStatuses: number[] | undefined, check?: () => string | undefined) =>
      createLoadRun({
        model: 'arrival-rate',
        startRate: 40,
        stages: [{ duration: '500ms', target: 40 }],
        targets: [soldOut.url],
        requests: [
          {
            name: 'checkout',
            request: { method: 'POST', path: '/checkout' },
            ...(expectedStatuses ? { expectedStatuses } : {}),
            ...(check ? { check } : {}),
          },
        ],
      }).result;

    const plain = await run(undefined);
    expect(plain.errorsByKind).toEqual({ http_4xx: plain.totals.completed });
    const expected = await run([409]);
    expect(expected.totals.completed).toBeGreaterThan(0);
    expect(expected.totals.errors).toBe(0);
    expect(expected.totals.ok).toBe(expected.totals.completed);
    const checked = await run([409], () => 'wrong body');
    expect(checked.errorsByKind).toEqual({ check: checked.totals.completed });
  });

  it('refuses a status that is not an HTTP status', () => {
    try {
      createLoadRun({
        model: 'arrival-rate',
        stages: [{ duration: '1s', target: 1 }],
        targets: ['http://127.0.0.1:1/'],
        requests: [{ name: 'x', request: {}, expectedStatuses: [99] }],
      });
      throw new Error('expected a refusal');
    } catch (err) {
      expect(isStampedeError(err) && err.code).toBe('STAMPEDE_LOAD_BAD_PLAN');
      expect((err as Error).message).toContain('requests[0].expectedStatuses');
    }
  });
});
