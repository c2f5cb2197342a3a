import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deadLetterReasons } from '../../target-services/order-worker/contract/queue-contract.js';
import { queueMetricNames } from '../../target-services/order-worker/contract/queue-metrics.js';
import { applicationErrorCodes } from '../../target-services/order-worker/hardened/application/application-error.js';

const readme = readFileSync('target-services/order-worker/contract/README.md', 'utf8');

describe('order-worker contract README', () => {
  it.each(Object.keys(applicationErrorCodes))('documents the error code %s', (code) => {
    expect(readme).toContain(`\`${code}\``);
  });

  it.each(deadLetterReasons)('documents the DLQ reason %s', (reason) => {
    expect(readme).toContain(`\`${reason}\``);
  });

  it.each(queueMetricNames)('documents the metric %s', (name) => {
    expect(readme).toContain(`\`${name}\``);
  });
});
