import { rmSync } from 'node:fs';
import { onTestFinished } from 'vitest';
import { nativeProvider } from '../../harness/infra/native/native-provider.js';
import type { InfraOptions } from '../../harness/infra/provider.js';
import { freePorts } from './free-ports.js';
import { makeStateDir } from './state-dir.js';

/**
 * Native-provider options on free ports and a fresh state dir. The stack (if one is started) is
 * brought down and its files removed when the test ends, whatever happened in it.
 */
export async function testStackOptions(overrides: Partial<InfraOptions> = {}): Promise<InfraOptions> {
  const stateDir = makeStateDir();
  const [postgres, pgbouncer, redis, toxiproxy] = (await freePorts(4)) as [number, number, number, number];
  const options: InfraOptions = {
    stateDir,
    ports: { postgres, pgbouncer, redis, toxiproxy },
    env: process.env,
    seed: 1,
    healthTimeoutMs: 20_000,
    ...overrides,
  };
  onTestFinished(async () => {
    await nativeProvider.down({ ...options, purge: true });
    rmSync(stateDir, { recursive: true, force: true });
  });
  return options;
}
