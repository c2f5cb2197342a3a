import { describe, expect, it } from 'vitest';
import { KIND_CHECK } from '../../harness/load/error-kinds.js';
import { Exchange } from '../../harness/load/exchange.js';
import { maxCheckFailureNames, otherCheckFailures, Recorder } from '../../harness/load/recorder.js';

describe('recorder stays bounded over a long run (issue 12 item 6)', () => {
  it('keeps at most maxCheckFailureNames distinct check failures; later new names count as (other)', () => {
    const recorder = new Recorder(['get'], 1);
    try {
      const bytes = Buffer.from('GET / HTTP/1.1\r\n\r\n');
      for (let i = 0; i < 5000; i++) {
        const exchange = new Exchange(i, 0, 0, 0, 10_000, bytes, true, false, 0, -1, 0);
        // A check that puts the request's id in its verdict: one fresh name per response.
        recorder.response(exchange, 1, KIND_CHECK, `order ${i} missing`);
      }
      recorder.response(new Exchange(5000, 0, 0, 0, 10_000, bytes, true, false, 0, -1, 0), 1, KIND_CHECK, 'order 3 missing');
      expect(recorder.checkFailures.size).toBe(maxCheckFailureNames + 1);
      expect(recorder.checkFailures.get('order 3 missing')).toBe(2);
      expect(recorder.checkFailures.get(otherCheckFailures)).toBe(5000 - maxCheckFailureNames);
      expect(recorder.errors).toBe(5001);
    } finally {
      recorder.destroy();
    }
  });
});
