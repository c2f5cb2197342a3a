import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';

// The real binary, as a user runs it (npm test builds dist/ before the suite starts).
function stampede(...args: string[]) {
  return spawnSync(process.execPath, ['bin/stampede.js', ...args], { encoding: 'utf8', env: { ...process.env, STAMPEDE_PROVIDER: '' } });
}

describe('stampede binary', () => {
  beforeAll(() => {
    if (!existsSync('dist/harness/cli/main.js')) throw new Error('dist/ is missing: run `npm run build` (npm test does it)');
  });

  it('lists its commands with --help and exits 0', () => {
    const result = stampede('--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/infra up/);
    expect(result.stdout).toMatch(/infra status/);
  });

  it('renders each command help from its option table, also as JSON', () => {
    const help = stampede('infra', 'up', '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/--provider auto\|native\|docker\|external/);
    expect(help.stdout).toMatch(/--pg-port PORT .*env STAMPEDE_PG_PORT/);
    const json = JSON.parse(stampede('infra', 'up', '--help', '--json').stdout) as { command: string; options: Record<string, unknown> };
    expect(json.command).toBe('infra up');
    expect(Object.keys(json.options)).toContain('state-dir');
  });

  it('answers a usage error with its code, a hint, exit 2 and no stack trace', () => {
    const result = stampede('infra', 'up', '--pg-port', 'ten');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^error STAMPEDE_USAGE: --pg-port expects a number, got "ten"\n {2}hint: /);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    const json = stampede('launch', '--json');
    expect(json.status).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ error: { code: 'STAMPEDE_USAGE' } });
  });

  it('says when no stack is recorded (exit 3 for status)', () => {
    const result = stampede('infra', 'status', '--provider', 'native', '--state-dir', '/nonexistent/stampede-state', '--json');
    expect(result.status).toBe(3);
    expect(JSON.parse(result.stdout)).toMatchObject({ provider: null, running: false });
  });
});
