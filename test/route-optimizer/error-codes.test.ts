import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { httpErrorCodes } from '../../target-services/route-optimizer/hardened/adapters/http/error-response.js';
import { applicationErrorCodes } from '../../target-services/route-optimizer/hardened/application/application-error.js';
import { domainErrorCodes } from '../../target-services/route-optimizer/hardened/domain/domain-error.js';

const readme = readFileSync('target-services/route-optimizer/contract/README.md', 'utf8');

describe('route-optimizer error codes', () => {
  it('are all documented in contract/README.md with their meaning, and the README lists no other', () => {
    const codes: Record<string, string> = { ...domainErrorCodes, ...applicationErrorCodes, ...httpErrorCodes };
    for (const [code, meaning] of Object.entries(codes)) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${code}\` |`));
      expect(row, code).toBeDefined();
      expect(row).toContain(meaning);
    }
    const documented = [...readme.matchAll(/^\| `(ROUTE_OPTIMIZER_[A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(documented.filter((code) => code !== 'ROUTE_OPTIMIZER_SEED_INVALID').sort()).toEqual(Object.keys(codes).sort());
  });
});
