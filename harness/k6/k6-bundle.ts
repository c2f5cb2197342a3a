import { dirname } from 'node:path';
import type { BuildOptions, Plugin } from 'esbuild';
import { StampedeError } from '../errors/stampede-error.js';
import { importedNames, isBareSpecifier, isNodeBuiltin, nodeOnlyPackages, stubModule } from './node-only-imports.js';

/**
 * Bundles a scenario module with the k6 runtime (k6-script-runtime.ts, which brings our
 * RequestMix, PRNG and zipf with it) into one immediately-invoked function that needs nothing
 * but the JavaScript language: the global `stampedeBundle` holds `{ scenario, createK6Load }`.
 *
 * Three esbuild passes, each a few milliseconds: the first finds the packages whose module
 * graph reaches a Node built-in, the second reads which names the scenario imports from those,
 * the third replaces them with stubs of exactly those names and writes the bundle.
 */
export const bundleGlobal = 'stampedeBundle';

export interface BundleInput {
  /** The scenario module (a built-in's compiled .js, or the user's .ts/.js file). */
  readonly scenarioFile: string;
  /** The compiled k6-script-runtime.js. */
  readonly runtimeFile: string;
}

function entrySource(input: BundleInput): string {
  return [
    `import scenario from ${JSON.stringify(input.scenarioFile)};`,
    `import { createK6Load } from ${JSON.stringify(input.runtimeFile)};`,
    'export { scenario, createK6Load };',
  ].join('\n');
}

function commonOptions(input: BundleInput): BuildOptions {
  return {
    stdin: { contents: entrySource(input), resolveDir: dirname(input.scenarioFile), loader: 'js', sourcefile: 'stampede-k6-entry.js' },
    bundle: true,
    write: false,
    platform: 'neutral',
    // k6 runs goja: ES2017 syntax is safe on every k6 release still in use; esbuild lowers the rest.
    target: 'es2017',
    mainFields: ['module', 'main'],
    conditions: ['import', 'default'],
    logLevel: 'silent',
    legalComments: 'none',
  };
}

// The first pass looks one package deep: a package that imports a built-in itself is Node-only.
// (Following every package's own dependencies would trip over optional native add-ons such as
// pg-native; a package whose built-ins hide deeper fails the evaluation in the export instead.)
const externalBuiltins: Plugin = {
  name: 'stampede-external-builtins',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) =>
      isNodeBuiltin(args.path) || (isBareSpecifier(args.path) && /[\\/]node_modules[\\/]/.test(args.importer))
        ? { path: args.path, external: true }
        : undefined,
    );
  },
};

function externalize(specifiers: ReadonlySet<string>): Plugin {
  return {
    name: 'stampede-external-node-only',
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) =>
        isNodeBuiltin(args.path) || (isBareSpecifier(args.path) && specifiers.has(args.path))
          ? { path: args.path, external: true }
          : undefined,
      );
    },
  };
}

function stubs(names: ReadonlyMap<string, ReadonlySet<string>>): Plugin {
  return {
    name: 'stampede-node-stubs',
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => (names.has(args.path) ? { path: args.path, namespace: 'stampede-stub' } : undefined));
      build.onLoad({ filter: /.*/, namespace: 'stampede-stub' }, (args) => ({
        contents: stubModule(args.path, names.get(args.path) ?? new Set()),
        loader: 'js',
      }));
    },
  };
}

function refuse(err: unknown, scenarioFile: string): StampedeError {
  const first = (err as { errors?: { text: string; location?: { file: string; line: number } | null }[] }).errors?.[0];
  const where = first?.location ? ` (${first.location.file}:${first.location.line})` : '';
  return new StampedeError('STAMPEDE_K6_UNSUPPORTED', `cannot bundle ${scenarioFile} for k6: ${first?.text ?? String(err)}${where}`, {
    hint: 'the request builders must be plain JavaScript/TypeScript that esbuild can bundle',
    cause: err,
  });
}

export interface Bundle {
  readonly code: string;
  /** Modules replaced by throwing stubs (they stay with Stampede: seeding, invariants). */
  readonly stubbed: string[];
}

export async function bundleForK6(input: BundleInput): Promise<Bundle> {
  const esbuild = await import('esbuild');
  try {
    const first = await esbuild.build({ ...commonOptions(input), format: 'esm', metafile: true, plugins: [externalBuiltins] });
    const nodeOnly = new Set(nodeOnlyPackages(first.metafile));
    const second = await esbuild.build({ ...commonOptions(input), format: 'esm', plugins: [externalize(nodeOnly)] });
    const names = importedNames(second.outputFiles?.[0]?.text ?? '');
    const third = await esbuild.build({ ...commonOptions(input), format: 'iife', globalName: bundleGlobal, plugins: [stubs(names)] });
    return { code: third.outputFiles?.[0]?.text ?? '', stubbed: [...names.keys()].sort() };
  } catch (err) {
    throw refuse(err, input.scenarioFile);
  }
}
