import type { StackEndpoints } from '../infra/stack-types.js';
import {
  closeProbes,
  createProcessProbe,
  createServiceMetricsProbe,
  createStandardProbes,
  type ProbeSnapshot,
  type ProbeTimeline,
  startProbes,
  warmUpProbes,
} from '../probes/index.js';
import { credentials } from '../settings/stack-settings.js';
import type { ServiceProcess } from './service-process.js';

export interface RunProbes {
  /** Starts sampling on the run clock (epoch ms of second 0); `onTick` sees each second as it is recorded. */
  start(startedAt: number, onTick?: (snapshot: ProbeSnapshot) => void): void;
  /** Follows the live instances (one killed, one restarted: `fresh` counts from zero). */
  setInstances(instances: readonly ServiceProcess[], fresh?: ServiceProcess): void;
  /** Stops sampling, closes every probe, and returns the timeline (null if never started). */
  stop(): Promise<ProbeTimeline | null>;
}

/**
 * The probes of one variant: the standard set (pg, pg_activity, pgbouncer, redis, straight to the
 * servers, never through Toxiproxy), every instance's /metrics, and the RSS and CPU of the
 * instances, the upstreams and the harness itself. Connections are opened (warm-up) before the
 * clock starts, so that second 0 already has its deltas.
 */
export async function prepareRunProbes(
  endpoints: StackEndpoints,
  instances: readonly ServiceProcess[],
  upstreams: readonly ServiceProcess[],
): Promise<RunProbes> {
  const probes = createStandardProbes({
    postgresUrl: endpoints.postgresUrl,
    pgbouncerAdminUrl: endpoints.pgbouncerAdminUrl,
    redisUrl: endpoints.redisUrl,
    database: credentials.database,
  });
  const services = createServiceMetricsProbe({ targets: instances.map((i) => ({ instance: i.instance, url: i.url, fresh: true })) });
  const pidsOf = (live: readonly ServiceProcess[]) =>
    Object.fromEntries([...live, ...upstreams].map((p) => [p.instance, p.pid]).concat([['harness', process.pid]]));
  const processes = createProcessProbe({ pids: pidsOf(instances) });
  probes.push(services, processes);
  await warmUpProbes(probes);
  let sampler: ReturnType<typeof startProbes> | undefined;
  return {
    setInstances(live, fresh) {
      services.setTargets(live.map((i) => ({ instance: i.instance, url: i.url, fresh: i === fresh })));
      processes.setPids(pidsOf(live));
    },
    start(startedAt, onTick) {
      sampler = startProbes(probes, { startedAt, ...(onTick ? { onTick } : {}) });
    },
    async stop() {
      const timeline = sampler ? await sampler.stop() : null;
      await closeProbes(probes);
      return timeline;
    },
  };
}
