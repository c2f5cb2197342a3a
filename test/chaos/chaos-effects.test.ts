import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { chaosEffects } from '../../harness/chaos/chaos-effects.js';
import type { ProxyFleet } from '../../harness/chaos/proxy-fleet.js';
import { distRoot } from '../../harness/cli/dist-root.js';
import { isAlive } from '../../harness/infra/native/processes.js';
import { type ServiceProcess, startService } from '../../harness/run/service-process.js';

// A real process in the instance slot: the fake map API starts in a few milliseconds.
const entry = join(distRoot(), 'target-services', 'upstreams', 'map-api', 'main.js');
const start = (index: number) => startService({ instance: `svc-${index + 1}`, entry, env: {} });

describe('chaos effects on instances', () => {
  beforeAll(() => {
    if (!existsSync(entry)) throw new Error('dist/ is missing: run `npm run build` (npm test does it)');
  });

  it('kill-instance ends the process and takes it out of rotation; restart-instance brings a new one into the slot', async () => {
    const slots: (ServiceProcess | null)[] = [await start(0), await start(1)];
    const started: ServiceProcess[] = [...(slots as ServiceProcess[])];
    onTestFinished(() => Promise.all(started.map((p) => p.stop())).then(() => undefined));
    const changes: { live: string[]; fresh: number | undefined }[] = [];
    const effects = chaosEffects<ServiceProcess>({
      proxies: {} as ProxyFleet,
      db: {} as pg.Pool,
      instances: slots,
      start: async (index) => {
        const fresh = await start(index);
        started.push(fresh);
        return fresh;
      },
      changed: (fresh) => changes.push({ live: slots.flatMap((s) => (s ? [s.url] : [])), fresh: fresh?.pid }),
    });
    const [first, second] = started as [ServiceProcess, ServiceProcess];

    await effects.apply({ type: 'kill-instance', instance: 1 }, 'kill');
    await first.exited;
    expect(isAlive(first.pid)).toBe(false);
    expect(changes.at(-1)).toEqual({ live: [second.url], fresh: undefined });

    await effects.apply({ type: 'restart-instance', instance: 2 }, 'restart');
    await second.exited;
    const replacement = slots[1];
    expect(replacement?.pid).not.toBe(second.pid);
    expect(replacement?.instance).toBe('svc-2');
    expect(isAlive(replacement?.pid ?? -1)).toBe(true);
    expect(changes.at(-1)).toEqual({ live: [replacement?.url], fresh: replacement?.pid });
    expect((await fetch(`${replacement?.url}/healthz`)).status).toBe(200);

    await expect(effects.apply({ type: 'kill-instance', instance: 3 }, 'bad')).rejects.toThrow(/no instance 3/);
  });
});
