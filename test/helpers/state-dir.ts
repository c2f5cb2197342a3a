import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { onTestFinished } from 'vitest';
import { testRootPrefix } from './process-census.js';

/**
 * A fresh state dir for one test, removed when the test ends. Mode 0755 so that the `postgres`
 * system user (PostgreSQL and PgBouncer refuse root) can reach the data dir below it.
 */
export function makeStateDir(): string {
  const dir = mkdtempSync(testRootPrefix);
  chmodSync(dir, 0o755);
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
