import { chownSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderPgbouncerIni, renderUserlist } from '../../settings/pgbouncer-ini.js';
import { loopback } from '../../settings/stack-settings.js';
import { checkPgbouncer } from '../health/postgres-health.js';
import { requireBinary } from './binaries.js';
import type { NativeComponent } from './component.js';
import { spawnServer } from './processes.js';
import { serverUser } from './run-as.js';

export const pgbouncerComponent: NativeComponent = {
  name: 'pgbouncer',
  portFlag: '--pgbouncer-port',
  // SIGINT would wait for every client to finish; SIGTERM is PgBouncer's immediate shutdown.
  stopSignal: 'SIGTERM',
  locate(ctx) {
    return { binary: requireBinary('pgbouncer', ctx.env), implementation: 'pgbouncer' };
  },
  async start(ctx, binary, logFile) {
    const user = serverUser();
    const dir = join(ctx.dataDir, 'pgbouncer');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const ini = join(dir, 'pgbouncer.ini');
    const userlist = join(dir, 'userlist.txt');
    writeFileSync(
      ini,
      renderPgbouncerIni({
        listenAddr: loopback,
        listenPort: ctx.port,
        postgresHost: loopback,
        postgresPort: ctx.ports.postgres,
        authFile: userlist,
      }),
      { mode: 0o600 },
    );
    writeFileSync(userlist, renderUserlist(), { mode: 0o600 });
    if (user) for (const path of [dir, ini, userlist]) chownSync(path, user.uid, user.gid);
    return spawnServer(binary, [ini], { cwd: dir, logFile, ...(user ? { runAs: user } : {}) });
  },
  health(ctx) {
    return checkPgbouncer(ctx.endpoints.pgbouncerUrl, ctx.endpoints.pgbouncerAdminUrl);
  },
};
