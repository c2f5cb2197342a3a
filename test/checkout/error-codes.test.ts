import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { httpErrorCodes } from '../../target-services/checkout/hardened/adapters/http/error-response.js';
import { applicationErrorCodes } from '../../target-services/checkout/hardened/application/application-error.js';
import { domainErrorCodes } from '../../target-services/checkout/hardened/domain/domain-error.js';

const readme = readFileSync('target-services/checkout/contract/README.md', 'utf8');

describe('checkout error codes', () => {
  it('are all documented in contract/README.md with their meaning, and the README lists no other', () => {
    const codes: Record<string, string> = { ...domainErrorCodes, ...applicationErrorCodes, ...httpErrorCodes };
    for (const [code, meaning] of Object.entries(codes)) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${code}\` |`));
      expect(row, code).toBeDefined();
      expect(row).toContain(meaning);
    }
    const documented = [...readme.matchAll(/^\| `(CHECKOUT_[A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(documented.filter((code) => code !== 'CHECKOUT_SEED_INVALID').sort()).toEqual(Object.keys(codes).sort());
  });
});
