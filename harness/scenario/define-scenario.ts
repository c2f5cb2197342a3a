import { StampedeError } from '../errors/stampede-error.js';
import { scenarioSchema } from './scenario-schema.js';
import type { ScenarioDefinition } from './scenario-types.js';

/** Checks a scenario's shape and names the path of the first bad field. */
export function validateScenario(candidate: unknown, origin: string): ScenarioDefinition {
  const parsed = scenarioSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.length ? issue.path.join('.') : '(root)';
    throw new StampedeError('STAMPEDE_SCENARIO_INVALID', `scenario ${origin}: ${path}: ${issue?.message ?? 'invalid'}`, {
      hint: 'fix that field; see scenarios/black-friday-routing.ts for a complete example',
      details: { path, issues: parsed.error.issues.slice(0, 5).map((i) => ({ path: i.path.join('.'), message: i.message })) },
    });
  }
  return candidate as ScenarioDefinition;
}

/**
 * Declares a scenario. Typed for the author and validated at load time, so a scenario written in
 * plain JavaScript or with a cast is refused with the path of its bad field.
 */
export function defineScenario(definition: ScenarioDefinition): ScenarioDefinition {
  return definition;
}
