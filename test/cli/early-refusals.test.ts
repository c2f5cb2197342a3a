import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';

const bin = join(process.cwd(), 'bin', 'stampede.js');

function cli(args: string[]) {
  const started = Date.now();
  // SIGKILL after 15 s: a command that spins instead of refusing fails the test, it does not hang it.
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 15_000, killSignal: 'SIGKILL' });
  return { code: r.status, stderr: r.stderr, ms: Date.now() - started };
}

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stampede-refusals-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Issue 17 item 9: every flag value that can fail later fails before anything starts, with its code. */
describe('bad input is refused before anything starts', () => {
  it.each([
    [['run', 'black-friday-routing', '--seed', '4294967296'], /STAMPEDE_USAGE: --seed must be at most 4294967295/],
    [['run', 'black-friday-routing', '--duration', '0s'], /STAMPEDE_USAGE: --duration must be at least 1000 ms/],
    [['run', 'black-friday-routing', '--out', '/proc/x'], /STAMPEDE_USAGE: --out \/proc\/x cannot hold the reports/],
    [['load', '--url', 'http://127.0.0.1:99999/', '--rate', '10', '--duration', '1s'], /STAMPEDE_USAGE: .*is not a URL/],
  ])('%j', (args, message) => {
    const r = cli(args);
    expect(r.stderr).toMatch(message);
    expect(r.code).toBe(2);
    expect(r.ms).toBeLessThan(10_000);
  });

  it('--out naming an existing file, a scenario that does not parse, and a run.json that is not one', () => {
    const dir = scratch();
    const file = join(dir, 'taken');
    writeFileSync(file, 'x');
    expect(cli(['run', 'black-friday-routing', '--out', file]).stderr).toMatch(
      /--out .*taken cannot hold the reports: a file of that name exists/,
    );
    const broken = join(dir, 'broken.ts');
    writeFileSync(broken, 'export default {\n');
    const parse = cli(['run', broken]);
    expect(parse.stderr).toMatch(
      /STAMPEDE_SCENARIO_INVALID: .*does not compile: broken\.ts:2:0: Expected identifier but found end of file/,
    );
    expect(parse.code).toBe(2);
    const run = join(dir, 'run.json');
    writeFileSync(run, JSON.stringify({ schema: 'stampede.run/v1', variants: [{}] }));
    const report = cli(['report', run, '--out', dir]);
    expect(report.stderr).toMatch(/STAMPEDE_REPORT_INVALID: .*scenario\.name is missing/);
    expect(report.code).toBe(2);
  });
});
