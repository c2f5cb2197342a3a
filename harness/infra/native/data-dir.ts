import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StampedeError } from '../../errors/stampede-error.js';
import { canWrite, type RunAs } from './run-as.js';

/** Remembers where a state dir's data lives when it is outside it (kept by `down`, removed by `down --purge`). */
const pointerName = 'data-dir';

/**
 * Where the files owned by the server user live. Normally `<stateDir>/data`; when we are root and
 * the `postgres` user cannot reach the state dir (a checkout under a private home, say), a fresh
 * directory under the system temp dir with a random name (mkdtemp: created, never reused by a
 * guessable name), mode 0700, owned by the server user. Its path is kept in `<stateDir>/data-dir`,
 * and it is reused only while it is still a real directory (not a symlink) owned by that user and
 * closed to everyone else; anything else planted there is left alone and a fresh one is made.
 */
export function resolveDataDir(stateDir: string, user: RunAs | undefined): string {
  const inside = join(stateDir, 'data');
  if (canWrite(stateDir, user) || !user) return ensureOwnDir(inside, user);
  const kept = readPointer(stateDir);
  if (kept && isOwnPrivateDir(kept, user)) return kept;
  const fresh = mkdtempSync(join(tmpdir(), 'stampede-data-'));
  chmodSync(fresh, 0o700);
  chownSync(fresh, user.uid, user.gid);
  writeFileSync(join(stateDir, pointerName), `${fresh}\n`, { mode: 0o600 });
  return fresh;
}

/** The data dirs a state dir owns, for `down --purge`: its own `data/` and the one its pointer names. */
export function ownedDataDirs(stateDir: string, user: RunAs | undefined): string[] {
  const dirs = [join(stateDir, 'data')].filter((d) => existsSync(d));
  const kept = readPointer(stateDir);
  if (kept && isOwnPrivateDir(kept, user)) dirs.push(kept);
  return dirs;
}

/** Removes the pointer once its data is gone. */
export function forgetDataDir(stateDir: string): void {
  rmSync(join(stateDir, pointerName), { force: true });
}

function readPointer(stateDir: string): string | undefined {
  try {
    const path = readFileSync(join(stateDir, pointerName), 'utf8').trim();
    return path.startsWith(join(tmpdir(), 'stampede-data-')) ? path : undefined;
  } catch {
    return undefined;
  }
}

function isOwnPrivateDir(path: string, user: RunAs | undefined): boolean {
  try {
    const stat = lstatSync(path);
    const owner = user?.uid ?? process.getuid?.() ?? stat.uid;
    return stat.isDirectory() && !stat.isSymbolicLink() && stat.uid === owner && (stat.mode & 0o077) === 0;
  } catch {
    return false;
  }
}

/** `<stateDir>/data`, refusing a symlink planted in its place: the server user's chown must never follow one. */
function ensureOwnDir(path: string, user: RunAs | undefined): string {
  if (existsSync(path) || isDanglingLink(path)) {
    const stat = lstatSync(path);
    if (stat.isSymbolicLink() || !stat.isDirectory()) {
      throw new StampedeError('STAMPEDE_INFRA_STATE_CONFLICT', `${path} is not a plain directory (a symlink or a file is in its place)`, {
        hint: 'remove it (stampede makes its own), or use another --state-dir',
      });
    }
  } else {
    mkdirSync(path, { mode: 0o700 });
  }
  chmodSync(path, 0o700);
  if (user) chownSync(path, user.uid, user.gid);
  return path;
}

function isDanglingLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
