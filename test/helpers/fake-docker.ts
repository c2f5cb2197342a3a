import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { onTestFinished } from 'vitest';

export interface FakeDocker {
  /** PATH with the fake `docker` first. */
  readonly path: string;
  /** The directory holding only the fake `docker` (a PATH without any server binary). */
  readonly dir: string;
  /** Every command line it was given, one per call. */
  calls(): string[];
}

/**
 * A real `docker` executable on PATH: `docker info` answers like an engine (version 27.3.1),
 * `docker compose ...` exits with `composeExit` having started nothing, `docker network inspect`
 * prints a bridge gateway. Every call is logged, so a test can say docker was never asked to run
 * anything.
 */
export function fakeDocker(options: { composeExit?: number } = {}): FakeDocker {
  const dir = mkdtempSync(join(tmpdir(), 'stampede-fake-docker-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const log = join(dir, 'calls.log');
  writeFileSync(
    join(dir, 'docker'),
    [
      '#!/bin/sh',
      `echo "$*" >> '${log}'`,
      'case "$1" in',
      '  info) echo 27.3.1; exit 0 ;;',
      `  compose) exit ${options.composeExit ?? 0} ;;`,
      '  network) echo 172.17.0.1; exit 0 ;;',
      'esac',
      'exit 1',
      '',
    ].join('\n'),
  );
  chmodSync(join(dir, 'docker'), 0o755);
  return {
    dir,
    path: `${dir}${delimiter}${process.env.PATH ?? ''}`,
    calls: () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter(Boolean) : []),
  };
}
