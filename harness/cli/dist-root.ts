import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The compiled tree (dist/) that holds the built-in scenarios and the services' main.js files,
 * found from this file whether it runs compiled or from source under vitest.
 */
export function distRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return join(process.cwd(), 'dist');
    dir = parent;
  }
  return join(dir, 'dist');
}
