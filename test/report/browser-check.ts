import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Debian's chromium, which scripts/setup-system.sh installs (never a browser build of its own). */
export const chromiumPath = '/usr/bin/chromium';

/** Flags for a quiet, offline, throwaway headless Chromium. */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Why the browser test cannot run, or undefined when it can. Chromium merely missing on a machine
 * that could install it is not a reason to skip: the test then fails and says how to install it.
 */
export function chromiumUnavailable(): string | undefined {
  if (existsSync(chromiumPath)) return undefined;
  const root = process.getuid?.() === 0;
  const apt = spawnSync('sh', ['-c', 'command -v apt-get'], { encoding: 'utf8' }).status === 0;
  if (root && apt) return undefined;
  return `chromium is not installed and cannot be installed here (${root ? 'no apt-get' : 'not root'}): sudo apt-get install -y chromium`;
}
