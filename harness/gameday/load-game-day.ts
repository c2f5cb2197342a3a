import { existsSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { StampedeError } from '../errors/stampede-error.js';
import { compile, loadScenario } from '../scenario/load-scenario.js';
import type { ScenarioDefinition } from '../scenario/scenario-types.js';
import { validateGameDay } from './plan-schema.js';
import type { GameDayPlan } from './plan-types.js';

/** Shipped plans, compiled: `<distRoot>/gamedays/<name>.js`. */
export function builtInGameDays(distRoot: string): string[] {
  const dir = join(distRoot, 'gamedays');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .map((f) => basename(f, '.js'))
    .sort();
}

const isPath = (ref: string) => ref.includes('/') || ['.ts', '.js', '.mjs', '.mts'].includes(extname(ref));

async function importPlan(
  ref: string,
  options: { distRoot: string; stateDir: string },
): Promise<{ plan: GameDayPlan; dir: string | undefined }> {
  let file = isPath(ref) ? resolve(ref) : join(options.distRoot, 'gamedays', `${ref}.js`);
  if (!existsSync(file)) {
    const known = builtInGameDays(options.distRoot);
    throw new StampedeError(
      'STAMPEDE_GAMEDAY_NOT_FOUND',
      isPath(ref) ? `no game day plan at ${file}` : `no shipped game day plan named "${ref}"`,
      {
        hint: known.length > 0 ? `shipped plans: ${known.join(', ')} (or pass a path to a .ts file)` : 'run `npm run build` first',
      },
    );
  }
  const dir = isPath(ref) ? dirname(file) : undefined;
  let compiled = false;
  if (['.ts', '.mts'].includes(extname(file))) {
    try {
      file = await compile(file, options.stateDir);
      compiled = true;
    } catch (err) {
      throw new StampedeError(
        'STAMPEDE_GAMEDAY_INVALID',
        `plan ${ref} does not compile: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
        {
          hint: 'fix the TypeScript error, or run `npm run typecheck`',
          cause: err,
        },
      );
    }
  }
  try {
    const module = (await import(pathToFileURL(file).href)) as { default?: unknown };
    return { plan: validateGameDay(module.default, ref), dir };
  } finally {
    if (compiled) rmSync(file, { force: true });
  }
}

/** Loads a shipped plan by name or a plan file, validates it, and loads the scenario it names. */
export async function loadGameDay(
  ref: string,
  options: { distRoot: string; stateDir: string },
): Promise<{ plan: GameDayPlan; scenario: ScenarioDefinition }> {
  const { plan, dir } = await importPlan(ref, options);
  // A scenario path in a plan file is relative to the plan, as an import would be.
  const scenarioRef = dir && isPath(plan.scenario) ? resolve(dir, plan.scenario) : plan.scenario;
  const scenario = await loadScenario(scenarioRef, options);
  if (!scenario.variants.includes(plan.variant)) {
    throw new StampedeError('STAMPEDE_GAMEDAY_INVALID', `game day plan ${ref}: variant: ${scenario.name} has no ${plan.variant} variant`, {
      hint: `pick one of ${scenario.variants.join(', ')}`,
    });
  }
  const proxies = new Set(['postgres', 'pgbouncer', 'redis', ...scenario.upstreams]);
  plan.faults.forEach((f, i) => {
    if ('proxy' in f.action && !proxies.has(f.action.proxy)) {
      throw new StampedeError(
        'STAMPEDE_GAMEDAY_INVALID',
        `game day plan ${ref}: faults.${i}.action.proxy: no proxy named "${f.action.proxy}"`,
        {
          hint: `this scenario's proxies: ${[...proxies].join(', ')}`,
        },
      );
    }
  });
  return { plan, scenario };
}
