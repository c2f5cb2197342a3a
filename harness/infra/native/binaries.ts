import { accessSync, constants, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { StampedeError } from '../../errors/stampede-error.js';

/** What to install when a binary is missing: the Debian package, named in the error's hint. */
const packages: Record<string, string> = {
  postgres: 'postgresql-15',
  initdb: 'postgresql-15',
  pgbouncer: 'pgbouncer',
  'redis-server': 'redis-server',
};

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Searches PATH (as given, so tests can pass a PATH without a binary). */
export function findOnPath(name: string, env: Readonly<Record<string, string | undefined>>): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Debian installs PostgreSQL's server binaries in /usr/lib/postgresql/<major>/bin, off PATH:
 * look there too, newest major first, unless STAMPEDE_PG_BIN_DIR names the directory.
 */
function postgresDirs(env: Readonly<Record<string, string | undefined>>): string[] {
  if (env.STAMPEDE_PG_BIN_DIR) return [env.STAMPEDE_PG_BIN_DIR];
  try {
    return readdirSync('/usr/lib/postgresql')
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a))
      .map((v) => join('/usr/lib/postgresql', v, 'bin'));
  } catch {
    return [];
  }
}

export function missingBinary(name: string): StampedeError {
  const pkg = packages[name] ?? name;
  return new StampedeError(
    'STAMPEDE_INFRA_BINARY_MISSING',
    `${name} is not installed (looked on PATH${name === 'postgres' || name === 'initdb' ? ' and in /usr/lib/postgresql/*/bin' : ''})`,
    {
      hint: `install it with \`sudo apt-get install ${pkg}\` (or \`npm run setup\`), or use the docker provider: --provider docker`,
      details: { binary: name, debianPackage: pkg },
    },
  );
}

/** Resolves a server binary or throws STAMPEDE_INFRA_BINARY_MISSING naming its package. */
export function requireBinary(name: string, env: Readonly<Record<string, string | undefined>>): string {
  if (name === 'postgres' || name === 'initdb') {
    for (const dir of postgresDirs(env)) {
      const candidate = join(dir, name);
      if (isExecutable(candidate)) return candidate;
    }
  }
  const found = findOnPath(name, env);
  if (!found) throw missingBinary(name);
  return found;
}
