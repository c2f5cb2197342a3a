import type { StackEndpoints } from '../infra/stack-types.js';
import {
  closeProbes,
  createProcessProbe,
  createServiceMetricsProbe,
  createStandardProbes,
  type ProbeTimeline,
  startProbes,
  warmUpProbes,
} from '../probes/index.js';
import { credentials } from '../settings/stack-settings.js';
import type { ServiceProcess } from './service-process.js';

export interface RunProbes {
  /** Starts sampling on the run clock (epoch ms of second 0). */
  start(startedAt: number): void;
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
  probes.push(createServiceMetricsProbe({ targets: instances.map((i) => ({ instance: i.instance, url: i.url, fresh: true })) }));
  probes.push(
    createProcessProbe({
      pids: Object.fromEntries([...instances, ...upstreams].map((p) => [p.instance, p.pid]).concat([['harness', process.pid]])),
    }),
  );
  await warmUpProbes(probes);
  let sampler: ReturnType<typeof startProbes> | undefined;
  return {
    start(startedAt) {
      sampler = startProbes(probes, { startedAt });
    },
    async stop() {
      const timeline = sampler ? await sampler.stop() : null;
      await closeProbes(probes);
      return timeline;
    },
  };
}
