import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loopback, redisSettings } from '../../settings/stack-settings.js';
import { checkRedis } from '../health/redis-health.js';
import { requireBinary } from './binaries.js';
import type { NativeComponent } from './component.js';
import { spawnServer } from './processes.js';

export const redisComponent: NativeComponent = {
  name: 'redis',
  portFlag: '--redis-port',
  stopSignal: 'SIGTERM',
  locate(ctx) {
    return { binary: requireBinary('redis-server', ctx.env), implementation: 'redis-server' };
  },
  async start(ctx, binary, logFile) {
    const dir = join(ctx.stateDir, 'redis');
    mkdirSync(dir, { recursive: true });
    const settings = Object.entries(redisSettings).flatMap(([name, value]) => [`--${name}`, value]);
    const args = [
      '--bind',
      loopback,
      '--port',
      String(ctx.port),
      '--dir',
      dir,
      '--daemonize',
      'no',
      '--protected-mode',
      'yes',
      '--logfile',
      '',
      ...settings,
    ];
    return spawnServer(binary, args, { cwd: dir, logFile });
  },
  health(ctx) {
    return checkRedis(ctx.endpoints.redisUrl);
  },
};
