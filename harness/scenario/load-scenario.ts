import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { StampedeError } from '../errors/stampede-error.js';
import { validateScenario } from './define-scenario.js';
import type { ScenarioDefinition } from './scenario-types.js';

/** Built-in scenarios, compiled: `<distRoot>/scenarios/<name>.js`. */
export function builtInScenarios(distRoot: string): string[] {
  const dir = join(distRoot, 'scenarios');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .map((f) => basename(f, '.js'))
    .sort();
}

const isPath = (ref: string) => ref.includes('/') || ['.ts', '.js', '.mjs', '.mts'].includes(extname(ref));

/**
 * A TypeScript scenario (or game day plan) file is bundled with esbuild (its relative imports included, packages left
 * to node_modules) into the state dir, then imported. esbuild is loaded only on this path so the
 * CLI's other commands start without it.
 */
export async function compile(file: string, stateDir: string): Promise<string> {
  const { build } = await import('esbuild');
  const outDir = join(stateDir, 'scenarios');
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, `${basename(file, extname(file))}-${Date.now()}.mjs`);
  await build({
    entryPoints: [file],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    outfile,
    logLevel: 'silent',
    absWorkingDir: dirname(resolve(file)),
  });
  return outfile;
}

/** Loads a built-in scenario by name or a scenario file, and validates it. */
export async function loadScenario(ref: string, options: { distRoot: string; stateDir: string }): Promise<ScenarioDefinition> {
  let file: string;
  let compiled = false;
  if (isPath(ref)) {
    file = resolve(ref);
    if (!existsSync(file))
      throw new StampedeError('STAMPEDE_SCENARIO_NOT_FOUND', `no scenario file at ${file}`, {
        hint: 'check the path, or run `stampede list` for the built-in scenarios',
      });
    if (['.ts', '.mts'].includes(extname(file))) {
      try {
        file = await compile(file, options.stateDir);
        compiled = true;
      } catch (err) {
        throw new StampedeError('STAMPEDE_SCENARIO_INVALID', `scenario ${ref} does not compile: ${firstBuildError(err)}`, {
          hint: 'fix the TypeScript error, or run `npm run typecheck`',
          cause: err,
        });
      }
    }
  } else {
    file = join(options.distRoot, 'scenarios', `${ref}.js`);
    if (!existsSync(file)) {
      const known = builtInScenarios(options.distRoot);
      throw new StampedeError('STAMPEDE_SCENARIO_NOT_FOUND', `no built-in scenario named "${ref}"`, {
        hint: known.length > 0 ? `built-in scenarios: ${known.join(', ')} (or pass a path to a .ts file)` : 'run `npm run build` first',
      });
    }
  }
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } finally {
    // The bundle is needed only to be imported once: leave nothing behind in the state dir.
    if (compiled) rmSync(file, { force: true });
  }
  return validateScenario(module.default, ref);
}

/** esbuild's own words for the first error, with its place: "syntax.ts:1:16: Unexpected end of file". */
function firstBuildError(err: unknown): string {
  const first = (err as { errors?: { text?: string; location?: { file?: string; line?: number; column?: number } | null }[] }).errors?.[0];
  if (first?.text) {
    const at = first.location ? `${basename(first.location.file ?? '')}:${first.location.line}:${first.location.column}: ` : '';
    return `${at}${first.text}`;
  }
  return err instanceof Error ? (err.message.split('\n')[0] ?? err.message) : String(err);
}
