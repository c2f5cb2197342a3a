import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it, onTestFinished } from 'vitest';
import { findOrphans } from '../../harness/infra/native/orphans.js';
import { freePorts } from '../helpers/free-ports.js';
import { testRootPrefix } from '../helpers/process-census.js';

const bin = join(process.cwd(), 'bin', 'stampede.js');

async function stackFlags(stateDir: string): Promise<string[]> {
  const [pg, bouncer, redis, toxi] = (await freePorts(4)) as [number, number, number, number];
  return [
    '--state-dir',
    stateDir,
    '--pg-port',
    String(pg),
    '--pgbouncer-port',
    String(bouncer),
    '--redis-port',
    String(redis),
    '--toxiproxy-port',
    String(toxi),
  ];
}

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A state dir whose stack is brought down (by the CLI, as a user would) before the dir is removed. */
function stateDirWithCleanup(flags: () => string[], mode = 0o755): string {
  const dir = mkdtempSync(testRootPrefix);
  chmodSync(dir, mode);
  onTestFinished(() => {
    cli(['infra', 'down', '--purge', ...flags()]);
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

describe('the native stack after a crash (issue 17 items 3 and 7)', () => {
  it('kill -9 of `infra up` part-way: status, up and down still work, and every server it had spawned is stopped', async () => {
    let flags: string[] = [];
    const stateDir = stateDirWithCleanup(() => flags);
    flags = await stackFlags(stateDir);
    const up = spawn(process.execPath, [bin, 'infra', 'up', ...flags], { stdio: 'ignore' });
    // Wait until at least one server has been spawned, then kill the CLI outright.
    const deadline = Date.now() + 20_000;
    while (findOrphans([stateDir]).length === 0 && Date.now() < deadline) await delay(20);
    up.kill('SIGKILL');
    await new Promise((resolve) => up.once('exit', resolve));
    expect(findOrphans([stateDir]).length).toBeGreaterThan(0);

    const status = cli(['infra', 'status', '--json', ...flags]);
    expect(status.stdout).not.toMatch(/STAMPEDE_INTERNAL/);
    expect([0, 3]).toContain(status.code);

    const again = cli(['infra', 'up', ...flags]);
    expect(again.code, again.stderr).toBe(0);
    const down = cli(['infra', 'down', '--json', ...flags]);
    expect(down.code, down.stderr).toBe(0);
    expect(findOrphans([stateDir])).toEqual([]);
    expect(statSync(join(stateDir, 'state.json'), { throwIfNoEntry: false })).toBeUndefined();
  }, 90_000);

  it('refuses a symlink planted as the data dir instead of handing its target to postgres', async () => {
    let flags: string[] = [];
    // Writable by postgres: the data dir is then <stateDir>/data, where the symlink is planted.
    const stateDir = stateDirWithCleanup(() => flags, 0o777);
    const target = mkdtempSync(join(tmpdir(), 'stampede-test-target-'));
    onTestFinished(() => rmSync(target, { recursive: true, force: true }));
    const before = statSync(target);
    symlinkSync(target, join(stateDir, 'data'));
    flags = await stackFlags(stateDir);
    const up = cli(['infra', 'up', ...flags]);
    expect(up.code).toBe(3);
    expect(up.stderr).toMatch(/STAMPEDE_INFRA_STATE_CONFLICT: .*data is not a plain directory/);
    const after = statSync(target);
    expect([after.uid, after.gid, after.mode]).toEqual([before.uid, before.gid, before.mode]);
    expect(findOrphans([stateDir])).toEqual([]);
  });

  it('outside the state dir: a fresh 0700 data dir with a random name; a planted or loosened one is never reused; purge deletes it and says so', async () => {
    if (process.getuid?.() !== 0) return; // only root maps the data dir outside (postgres cannot reach a private state dir)
    let flags: string[] = [];
    const parent = stateDirWithCleanup(() => flags, 0o700); // postgres cannot enter: the data must live elsewhere
    const stateDir = join(parent, 'state');
    mkdirSync(stateDir);
    flags = await stackFlags(stateDir);
    const planted = mkdtempSync(join(tmpdir(), 'stampede-data-'));
    onTestFinished(() => rmSync(planted, { recursive: true, force: true }));
    chmodSync(planted, 0o777);
    writeFileSync(join(stateDir, 'data-dir'), `${planted}\n`);

    const up = cli(['infra', 'up', ...flags]);
    expect(up.code, up.stderr).toBe(0);
    const dataDir = readFileSync(join(stateDir, 'data-dir'), 'utf8').trim();
    expect(dataDir).not.toBe(planted);
    expect(dataDir.startsWith(join(tmpdir(), 'stampede-data-'))).toBe(true);
    const stat = lstatSync(dataDir);
    expect(stat.isSymbolicLink()).toBe(false);
    expect(stat.mode & 0o777).toBe(0o700);
    expect(statSync(planted).mode & 0o777).toBe(0o777);

    const down = cli(['infra', 'down', '--purge', ...flags]);
    expect(down.code, down.stderr).toBe(0);
    expect(down.stdout).toContain(`deleted ${dataDir}`);
    expect(existsSync(dataDir)).toBe(false);
    const nothing = cli(['infra', 'down', '--purge', ...flags]);
    expect(nothing.stdout).toMatch(/no stack recorded: nothing to stop, no data to delete/);
  }, 90_000);
});
