import { builtinModules } from 'node:module';
import type { Metafile } from 'esbuild';

/**
 * Which imports of a scenario cannot run in k6's JavaScript runtime (goja: the language only, no
 * Node API). A scenario module imports its seeding and invariant code beside its request
 * builders: pg, ioredis, node:fs and the like. They are needed only by seed() and invariants,
 * which Stampede runs itself, so the k6 bundle replaces them with stubs that throw when called.
 * The export then evaluates the script without Node's globals (k6-stand-in.ts): a request
 * builder that does need one of them fails there, and the export refuses the scenario.
 */

const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

export function isNodeBuiltin(specifier: string): boolean {
  return builtins.has(specifier) || specifier.startsWith('node:');
}

export function isBareSpecifier(specifier: string): boolean {
  return !specifier.startsWith('.') && !specifier.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(specifier);
}

const inNodeModules = (path: string) => /(^|[\\/])node_modules[\\/]/.test(path);

/**
 * The bare specifiers first-party code imports whose module graph reaches a Node built-in, read
 * from a first esbuild pass that left the built-ins external. Packages that stay inside the
 * language (a pure utility library) are bundled as they are.
 */
export function nodeOnlyPackages(metafile: Metafile): string[] {
  const inputs = metafile.inputs;
  const reachesBuiltin = new Map<string, boolean>();
  const visit = (path: string, seen: Set<string>): boolean => {
    const known = reachesBuiltin.get(path);
    if (known !== undefined) return known;
    if (seen.has(path)) return false;
    seen.add(path);
    const imports = inputs[path]?.imports ?? [];
    const result = imports.some((i) => (i.external ? isNodeBuiltin(i.path) : visit(i.path, seen)));
    reachesBuiltin.set(path, result);
    return result;
  };
  const out = new Set<string>();
  for (const [path, input] of Object.entries(inputs)) {
    if (inNodeModules(path)) continue;
    for (const i of input.imports) {
      const specifier = i.original ?? i.path;
      if (i.external || !isBareSpecifier(specifier) || isNodeBuiltin(specifier)) continue;
      if (visit(i.path, new Set())) out.add(specifier);
    }
  }
  return [...out].sort();
}

/** The names esbuild's ESM output imports from each external module (`import a, { b as c } from "x"`). */
export function importedNames(bundle: string): Map<string, Set<string>> {
  const names = new Map<string, Set<string>>();
  const statement = /^import\s+([^'";]*?)\s*from\s*["']([^"']+)["'];?$/gm;
  for (const match of bundle.matchAll(statement)) {
    const clause = match[1] as string;
    const into = names.get(match[2] as string) ?? new Set<string>();
    names.set(match[2] as string, into);
    const braces = /\{([^}]*)\}/.exec(clause)?.[1];
    const outside = clause
      .replace(/\{[^}]*\}/, '')
      .replace(/,/g, ' ')
      .trim();
    if (outside !== '' && !outside.startsWith('*')) into.add('default');
    for (const part of (braces ?? '').split(',')) {
      const name = part
        .trim()
        .split(/\s+as\s+/)[0]
        ?.trim();
      if (name) into.add(name);
    }
  }
  return names;
}

/** An ES module exporting `names`, each a function that throws when called or constructed. */
export function stubModule(specifier: string, names: ReadonlySet<string>): string {
  const lines = [
    `const unavailable = (name) => function () { throw new Error(name + ' from "${specifier}" is not available in k6 (a Node module: seeding and invariants stay with Stampede)'); };`,
  ];
  for (const name of names) {
    if (name === 'default') lines.push(`export default unavailable('the default export');`);
    else lines.push(`export const ${name} = unavailable(${JSON.stringify(name)});`);
  }
  return lines.join('\n');
}
