import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { StampedeError } from '../../errors/stampede-error.js';
import { credentials, postgresSettings } from '../../settings/stack-settings.js';
import { checkPostgres } from '../health/postgres-health.js';
import { requireBinary } from './binaries.js';
import type { NativeComponent, NativeContext } from './component.js';
import { isAlive, spawnServer } from './processes.js';
import { type RunAs, serverUser } from './run-as.js';

function pgdata(ctx: NativeContext): string {
  return join(ctx.dataDir, 'pgdata');
}

function ownBy(path: string, user: RunAs | undefined): void {
  if (user) chownSync(path, user.uid, user.gid);
}

/** initdb once per state dir: scram passwords on TCP, C locale, no fsync (it is thrown away). */
function initialise(ctx: NativeContext, user: RunAs | undefined): void {
  const dir = pgdata(ctx);
  if (existsSync(join(dir, 'PG_VERSION'))) return;
  // A data dir without PG_VERSION is what an interrupted initdb leaves: start it again.
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { mode: 0o700 });
  ownBy(dir, user);
  const pwfile = join(ctx.dataDir, 'initdb.pw');
  writeFileSync(pwfile, `${credentials.password}\n`, { mode: 0o600 });
  ownBy(pwfile, user);
  try {
    const initdb = requireBinary('initdb', ctx.env);
    const result = spawnSync(
      initdb,
      [
        '-D',
        dir,
        '-U',
        credentials.user,
        `--pwfile=${pwfile}`,
        '--auth-host=scram-sha-256',
        '--auth-local=trust',
        '--encoding=UTF8',
        '--locale=C',
        '--no-sync',
      ],
      { encoding: 'utf8', ...(user ? { uid: user.uid, gid: user.gid } : {}), cwd: ctx.dataDir },
    );
    if (result.status !== 0) {
      rmSync(dir, { recursive: true, force: true });
      throw new StampedeError('STAMPEDE_INFRA_COMPONENT_DIED', 'initdb failed to create the PostgreSQL data directory', {
        hint: 'read the lines below; a full disk or a state dir the postgres user cannot write are the usual causes',
        details: { component: 'postgres', logTail: `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-15) },
      });
    }
  } finally {
    rmSync(pwfile, { force: true });
  }
}

/** A postmaster.pid whose PID is gone is what a crash or a SIGKILL leaves: remove it. */
function removeStalePidFile(ctx: NativeContext): void {
  const file = join(pgdata(ctx), 'postmaster.pid');
  if (!existsSync(file)) return;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || !isAlive(pid)) rmSync(file, { force: true });
}

function adminUrl(ctx: NativeContext): string {
  const url = new URL(ctx.endpoints.postgresUrl);
  url.pathname = '/postgres';
  return url.toString();
}

/** The `stampede` database is created on first start (initdb makes only `postgres`). */
async function ensureDatabase(ctx: NativeContext): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl(ctx), connectionTimeoutMillis: 2000 });
  client.on('error', () => {});
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [credentials.database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${credentials.database}`);
  } finally {
    await client.end().catch(() => {});
  }
}

export const postgresComponent: NativeComponent = {
  name: 'postgres',
  portFlag: '--pg-port',
  // SIGINT is PostgreSQL's "fast" shutdown: active transactions are rolled back, no waiting.
  stopSignal: 'SIGINT',
  locate(ctx) {
    requireBinary('initdb', ctx.env);
    return { binary: requireBinary('postgres', ctx.env), implementation: 'postgres' };
  },
  async start(ctx, binary, logFile) {
    const user = serverUser();
    initialise(ctx, user);
    removeStalePidFile(ctx);
    const settings = Object.entries({ ...postgresSettings, port: String(ctx.port), unix_socket_directories: '', logging_collector: 'off' });
    const args = ['-D', pgdata(ctx), ...settings.flatMap(([name, value]) => ['-c', `${name}=${value}`])];
    return spawnServer(binary, args, { cwd: pgdata(ctx), logFile, ...(user ? { runAs: user } : {}) });
  },
  async health(ctx) {
    const direct = await checkPostgres(adminUrl(ctx));
    if (!direct.ok) return direct;
    await ensureDatabase(ctx);
    return checkPostgres(ctx.endpoints.postgresUrl);
  },
};
