import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it, onTestFinished } from 'vitest';
import { reportCommands } from '../../harness/cli/commands/report.js';
import { runCommands } from '../../harness/cli/commands/run.js';
import { runCli } from '../../harness/cli/run-cli.js';
import { parseRunArgument } from '../../harness/report/report-files.js';
import { fixtureFiles } from './support.js';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** Runs `stampede <args>` in-process and returns its exit code and output. */
async function stampede(...args: string[]) {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await runCli(args, [...reportCommands, ...runCommands], { stdout, stderr, env: {}, signal: new AbortController().signal });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stampede-report-cli-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('stampede report', () => {
  it('re-renders a run beside its run.json by default and prints the paths (exit 0)', async () => {
    const dir = tempDir();
    copyFileSync(fixtureFiles.both, join(dir, 'run.json'));
    const result = await stampede('report', join(dir, 'run.json'));
    expect(result.code).toBe(0);
    for (const name of ['report.md', 'report.html', 'junit.xml']) {
      expect(existsSync(join(dir, name)), name).toBe(true);
      expect(result.stdout).toContain(join(dir, name));
    }
    expect(result.stdout).toMatch(/deadlocks \(pg_stat_database\) +4 +0/);
  });

  it('judges extra thresholds, lists the failed ones and exits 1', async () => {
    const out = tempDir();
    const result = await stampede('report', fixtureFiles.both, '--out', out, '--threshold', 'http_req_duration:p(99)<800', '--json');
    expect(result.code).toBe(1);
    const doc = JSON.parse(result.stdout) as { ok: boolean; failed: string[]; written: string[] };
    expect(doc.ok).toBe(false);
    expect(doc.failed).toEqual(['naive: http_req_duration p(99)<800 (actual 1042.43)']);
    expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toContain('<failure message="actual 1042.43, threshold p(99)&lt;800"');
  });

  it('compares several runs into one report, columns named by label=path', async () => {
    const out = tempDir();
    const result = await stampede(
      'report',
      `before=${fixtureFiles.naive30s}`,
      `after=${fixtureFiles.both}`,
      '--out',
      out,
      '--format',
      'html,markdown',
    );
    expect(result.code).toBe(0);
    expect(existsSync(join(out, 'junit.xml'))).toBe(false);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain('|  | before · naive | after · naive | after · hardened |');
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('data-column="after · hardened"');
    expect(result.stdout).toMatch(/^before: black-friday-routing: completed/m);
  });

  it('accepts a run directory, and names columns after directories when no label is given', () => {
    expect(parseRunArgument('test/fixtures/runs/naive-30s')).toEqual({
      label: undefined,
      file: join('test/fixtures/runs/naive-30s', 'run.json'),
    });
    expect(parseRunArgument('after=x/run.json', () => false)).toEqual({ label: 'after', file: 'x/run.json' });
  });

  it('refuses what is not a run.json (exit 2) and bad flags (exit 2)', async () => {
    const notRun = await stampede('report', resolve('package.json'));
    expect([notRun.code, notRun.stderr]).toEqual([2, expect.stringContaining('error STAMPEDE_REPORT_INVALID')]);
    const badThreshold = await stampede('report', fixtureFiles.both, '--threshold', 'http_req_duration<500');
    expect([badThreshold.code, badThreshold.stderr]).toEqual([2, expect.stringContaining('error STAMPEDE_USAGE: --threshold')]);
    const badFormat = await stampede('report', fixtureFiles.both, '--out', tempDir(), '--format', 'pdf');
    expect([badFormat.code, badFormat.stderr]).toEqual([2, expect.stringContaining('unknown report format "pdf"')]);
    const overwrite = await stampede('report', fixtureFiles.both, '--format', 'json');
    expect([overwrite.code, overwrite.stderr]).toEqual([2, expect.stringContaining('run.json is already in that directory')]);
  });

  it('stampede run checks its --threshold flags before starting anything', async () => {
    const result = await stampede('run', 'black-friday-routing', '--threshold', 'p(99)<500');
    expect([result.code, result.stderr]).toEqual([
      2,
      expect.stringContaining('error STAMPEDE_USAGE: --threshold "p(99)<500" names no metric'),
    ]);
  });
});
