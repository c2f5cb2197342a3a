import { z } from 'zod';
import { parseDuration } from '../common/duration.js';
import { maxRate } from '../load/rate-bound.js';
import { parseThreshold } from './thresholds.js';

const duration = z.string().refine((s) => parseDuration(s) !== undefined, { message: 'expected a duration such as 500ms, 20s or 2m' });
const fn = z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function', { message: 'expected a function' });

const toxic = z.object({
  type: z.enum(['latency', 'bandwidth', 'slow_close', 'timeout', 'reset_peer', 'slicer', 'limit_data']),
  name: z.string().min(1).optional(),
  stream: z.enum(['upstream', 'downstream']).optional(),
  toxicity: z.number().min(0).max(1).optional(),
  attributes: z.record(z.number().nonnegative()),
});

const action = z.discriminatedUnion('type', [
  z.object({ type: z.literal('toxic'), proxy: z.string().min(1), toxic }),
  z.object({ type: z.literal('disable-proxy'), proxy: z.string().min(1) }),
  z.object({ type: z.literal('kill-instance'), instance: z.number().int().min(1) }),
  z.object({ type: z.literal('restart-instance'), instance: z.number().int().min(1) }),
  z.object({ type: z.literal('sql'), sql: z.string().min(1) }),
]);

const threshold = z
  .string()
  .refine((s) => parseThreshold(s) !== undefined, { message: 'expected a threshold such as p(99)<1000, rate<0.01 or count>0' });
const thresholds = z.record(z.array(threshold).min(1));

/** The hops every run puts behind Toxiproxy; each upstream the scenario names gets one too. */
export const standardProxies = ['postgres', 'pgbouncer', 'redis'] as const;

/** Runtime check of a scenario module: a TypeScript type cannot stop a bad file from loading. */
export const scenarioSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'expected kebab-case, e.g. black-friday-routing'),
    incident: z.string().min(20, 'tell the story in a paragraph'),
    sources: z.array(z.string().min(1)),
    service: z.string().regex(/^[a-z0-9-]+$/),
    variants: z.array(z.enum(['naive', 'hardened'])).min(1),
    instances: z.number().int().min(1).max(16),
    upstreams: z.array(z.string().regex(/^[a-z0-9-]+$/)),
    serviceEnv: z.record(z.string()).optional(),
    load: z.object({
      stages: z.array(z.object({ duration, target: z.number().nonnegative().max(maxRate) })).min(1),
      startRate: z.number().nonnegative().max(maxRate).optional(),
      maxInFlight: z.number().int().positive(),
      timeout: duration,
      connections: z.number().int().positive().optional(),
    }),
    seed: fn,
    workload: fn,
    chaos: z.array(z.object({ at: duration, for: duration.optional(), name: z.string().min(1), action })),
    expect: z.object({ naive: thresholds.optional(), hardened: thresholds.optional() }),
  })
  .superRefine((scenario, ctx) => {
    // A fault aimed at a proxy or an instance the run will not have could never apply: refuse it
    // when the file loads, not half-way through a run.
    const proxies = new Set<string>([...standardProxies, ...scenario.upstreams]);
    scenario.chaos.forEach((step, i) => {
      const action = step.action;
      if ('proxy' in action && !proxies.has(action.proxy)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['chaos', i, 'action', 'proxy'],
          message: `no proxy named "${action.proxy}" (this scenario's proxies: ${[...proxies].join(', ')})`,
        });
      }
      if ('instance' in action && action.instance > scenario.instances) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['chaos', i, 'action', 'instance'],
          message: `instance ${action.instance} does not exist (the scenario runs ${scenario.instances})`,
        });
      }
    });
    const names = scenario.chaos.map((s) => s.name);
    names.forEach((name, i) => {
      if (names.indexOf(name) !== i) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['chaos', i, 'name'], message: `two chaos steps are named "${name}"` });
      }
    });
  });
