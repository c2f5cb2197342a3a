import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canWrite, type RunAs } from './run-as.js';

/**
 * Where the files owned by the server user live. Normally `<stateDir>/data`; when we are root and
 * the `postgres` user cannot reach the state dir (a checkout under a private home, say), a
 * directory under the system temp dir named after the state dir, so one state dir always maps to
 * the same data.
 */
export function resolveDataDir(stateDir: string, user: RunAs | undefined): string {
  const inside = join(stateDir, 'data');
  mkdirSync(inside, { recursive: true, mode: 0o755 });
  if (canWrite(stateDir, user) || !user) return inside;
  const outside = join(tmpdir(), `stampede-data-${createHash('sha256').update(stateDir).digest('hex').slice(0, 12)}`);
  mkdirSync(outside, { recursive: true, mode: 0o755 });
  return outside;
}
