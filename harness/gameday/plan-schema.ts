import { z } from 'zod';
import { parseDuration } from '../common/duration.js';
import { StampedeError } from '../errors/stampede-error.js';
import { defaultCategories, type GameDayPlan } from './plan-types.js';

const duration = z.string().refine((s) => parseDuration(s) !== undefined, { message: 'expected a duration such as 500ms, 20s or 2m' });
const kebab = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'expected kebab-case');
const signals = ['p99', 'errors', 'ok', 'dropped', 'clWaiting', 'poolWaiting', 'deadlocks', 'eventLoopP99'] as const;

const toxic = z.object({
  type: z.enum(['latency', 'bandwidth', 'slow_close', 'timeout', 'reset_peer', 'slicer', 'limit_data']),
  stream: z.enum(['upstream', 'downstream']).optional(),
  toxicity: z.number().min(0).max(1).optional(),
  attributes: z.record(z.number().nonnegative()),
});
const chaosAction = z.discriminatedUnion('type', [
  z.object({ type: z.literal('toxic'), proxy: z.string().min(1), toxic }),
  z.object({ type: z.literal('disable-proxy'), proxy: z.string().min(1) }),
  z.object({ type: z.literal('kill-instance'), instance: z.number().int().min(1) }),
  z.object({ type: z.literal('restart-instance'), instance: z.number().int().min(1) }),
  z.object({ type: z.literal('sql'), sql: z.string().min(1) }),
]);
const leverAction = z.discriminatedUnion('type', [
  z.object({ type: z.literal('restart-instance'), instance: z.number().int().min(1) }),
  z.object({ type: z.literal('kill-instance'), instance: z.number().int().min(1) }),
  z.object({ type: z.literal('scale'), to: z.number().int().min(1).max(16) }),
  z.object({ type: z.literal('switch-variant'), to: z.enum(['naive', 'hardened']) }),
  z.object({ type: z.literal('remove-toxic'), proxy: z.string().min(1) }),
  z.object({ type: z.literal('set-env'), key: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'expected an environment name'), value: z.string() }),
]);

const schema = z
  .object({
    name: kebab,
    title: z.string().min(3),
    scenario: z.string().min(1),
    variant: z.enum(['naive', 'hardened']),
    duration,
    objectives: z.array(z.string().min(3)).min(1),
    categories: z.array(kebab).min(2).optional(),
    load: z
      .object({
        stages: z.array(z.object({ duration: z.union([duration, z.number().positive()]), target: z.number().nonnegative() })).min(1),
        startRate: z.number().nonnegative().optional(),
      })
      .optional(),
    background: z.array(z.string().min(1)).optional(),
    scale: z.number().min(0.001).max(10).optional(),
    faults: z
      .array(
        z.object({
          name: kebab,
          category: kebab,
          signal: z.enum(signals),
          action: chaosAction,
          for: duration.optional(),
          note: z.string().optional(),
        }),
      )
      .min(1),
    schedule: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('fixed'), steps: z.array(z.object({ fault: z.string(), at: duration })) }),
      z.object({
        kind: z.literal('draw'),
        count: z.number().int().min(1),
        between: z.tuple([duration, duration]),
        from: z.array(z.string()).min(1).optional(),
      }),
    ]),
    levers: z.array(z.object({ name: kebab, label: z.string().min(2), action: leverAction })).min(1),
  })
  .superRefine((plan, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: z.ZodIssueCode.custom, path, message });
    const categories = new Set<string>(plan.categories ?? defaultCategories);
    const faults = new Set(plan.faults.map((f) => f.name));
    plan.faults.forEach((f, i) => {
      if (!categories.has(f.category)) issue(['faults', i, 'category'], `"${f.category}" is not one of ${[...categories].join(', ')}`);
      if (plan.faults.findIndex((g) => g.name === f.name) !== i) issue(['faults', i, 'name'], `two faults are named "${f.name}"`);
    });
    const levers = plan.levers.map((l) => l.name);
    levers.forEach((name, i) => {
      if (levers.indexOf(name) !== i) issue(['levers', i, 'name'], `two levers are named "${name}"`);
    });
    const length = parseDuration(plan.duration) ?? 0;
    const s = plan.schedule;
    if (s.kind === 'fixed') {
      s.steps.forEach((step, i) => {
        if (!faults.has(step.fault)) issue(['schedule', 'steps', i, 'fault'], `no fault named "${step.fault}"`);
        if ((parseDuration(step.at) ?? 0) >= length) issue(['schedule', 'steps', i, 'at'], `starts after the game ends (${plan.duration})`);
      });
      return;
    }
    const pool = s.from ?? [...faults];
    pool.forEach((name, i) => {
      if (!faults.has(name)) issue(['schedule', 'from', i], `no fault named "${name}"`);
    });
    if (s.count > pool.length) issue(['schedule', 'count'], `draws ${s.count} faults from a pool of ${pool.length}`);
    const [from, to] = s.between.map((d) => parseDuration(d) ?? 0) as [number, number];
    if (!(from < to && to <= length)) issue(['schedule', 'between'], `expected a window inside the game's ${plan.duration}`);
    plan.faults.forEach((f, i) => {
      if (pool.includes(f.name) && f.for === undefined)
        issue(['faults', i, 'for'], 'a drawn fault needs a `for`: faults come one at a time');
    });
  });

/** Checks a plan's shape and names the path of the first bad field. */
export function validateGameDay(candidate: unknown, origin: string): GameDayPlan {
  const parsed = schema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.length ? issue.path.join('.') : '(root)';
    throw new StampedeError('STAMPEDE_GAMEDAY_INVALID', `game day plan ${origin}: ${path}: ${issue?.message ?? 'invalid'}`, {
      hint: 'fix that field; see gamedays/black-friday-routing.ts for a complete plan',
      details: { path, issues: parsed.error.issues.slice(0, 5).map((i) => ({ path: i.path.join('.'), message: i.message })) },
    });
  }
  return candidate as GameDayPlan;
}
