import { spawnSync } from 'node:child_process';
import { StampedeError } from '../../errors/stampede-error.js';

export interface RunAs {
  readonly user: string;
  readonly uid: number;
  readonly gid: number;
}

/**
 * PostgreSQL and PgBouncer refuse to run as root. When we are root they run as the `postgres`
 * system user (the one Debian's packages create); otherwise as ourselves (undefined).
 */
export function serverUser(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (id.status !== 0 || gid.status !== 0) {
    throw new StampedeError(
      'STAMPEDE_INFRA_PRIVILEGES',
      'running as root, but there is no `postgres` system user to run PostgreSQL and PgBouncer as',
      {
        hint: 'install the postgresql package (it creates the user), or run stampede as a non-root user',
      },
    );
  }
  return { user: 'postgres', uid: Number(id.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** True when `user` can create files in `dir` (every parent must be searchable for it). */
export function canWrite(dir: string, user: RunAs | undefined): boolean {
  if (!user) return true;
  return spawnSync('test', ['-w', dir, '-a', '-x', dir], { uid: user.uid, gid: user.gid }).status === 0;
}
