import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loopback } from '../../settings/stack-settings.js';
import { checkToxiproxy } from '../health/toxiproxy-health.js';
import { findOnPath } from './binaries.js';
import type { NativeComponent } from './component.js';
import { spawnServer } from './processes.js';

/** The project root, found from this file whether it runs compiled (dist/) or from source. */
function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'bin', 'stampede.js'))) {
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}

const ownServer = 'stampede toxiproxy serve';

/** The real server when it is on PATH, else the project's own compatible server once built. */
export function locateToxiproxy(
  env: Readonly<Record<string, string | undefined>>,
): { binary: string; implementation: string } | { unavailable: string } {
  const real = findOnPath('toxiproxy-server', env);
  if (real) return { binary: real, implementation: 'toxiproxy-server' };
  const root = projectRoot();
  if (existsSync(join(root, 'dist', 'harness', 'toxiproxy', 'index.js'))) return { binary: process.execPath, implementation: ownServer };
  return { unavailable: 'no toxiproxy-server on PATH and the built-in server is not built (npm run build)' };
}

export const toxiproxyComponent: NativeComponent = {
  name: 'toxiproxy',
  portFlag: '--toxiproxy-port',
  stopSignal: 'SIGTERM',
  locate(ctx) {
    return locateToxiproxy(ctx.env);
  },
  async start(ctx, binary, logFile) {
    const dir = join(ctx.stateDir, 'toxiproxy');
    mkdirSync(dir, { recursive: true });
    const args =
      binary === process.execPath
        ? [
            join(projectRoot(), 'bin', 'stampede.js'),
            'toxiproxy',
            'serve',
            '--host',
            loopback,
            '--port',
            String(ctx.port),
            '--seed',
            String(ctx.seed),
          ]
        : ['-host', loopback, '-port', String(ctx.port)];
    return spawnServer(binary, args, { cwd: dir, logFile });
  },
  health(ctx) {
    return checkToxiproxy(ctx.endpoints.toxiproxyUrl ?? '');
  },
};
