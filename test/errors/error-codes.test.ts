import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorCodes } from '../../harness/errors/error-codes.js';

describe('error codes', () => {
  it('are prefixed, and each is documented in the README table with its exit code', () => {
    const readme = readFileSync('README.md', 'utf8');
    for (const [code, spec] of Object.entries(errorCodes)) {
      expect(code).toMatch(/^STAMPEDE_[A-Z0-9_]+$/);
      expect(readme).toMatch(new RegExp(`\\|\\s*\`${code}\`\\s*\\|\\s*${spec.exitCode}\\s*\\|`));
    }
  });

  it('the README documents no code that does not exist', () => {
    const readme = readFileSync('README.md', 'utf8');
    const documented = [...readme.matchAll(/\|\s*`(STAMPEDE_[A-Z0-9_]+)`\s*\|/g)].map((m) => m[1]);
    expect(documented.sort()).toEqual(Object.keys(errorCodes).sort());
  });
});
