import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { defaultK6Dir } from '../../harness/cli/commands/k6.js';
import { findK6, k6RunArgs } from '../../harness/k6/k6-load-engine.js';
import { rejection } from '../helpers/rejection.js';
import { makeStateDir } from '../helpers/state-dir.js';

// The real binary, as a user runs it (dist/ is built before the suite).
function stampede(...args: string[]) {
  return spawnSync(process.execPath, ['bin/stampede.js', ...args], { encoding: 'utf8', env: { ...process.env, STAMPEDE_PROVIDER: '' } });
}

describe('stampede k6 (binary)', () => {
  it('has --help and --json for export and ingest, rendered from their option tables', () => {
    for (const command of ['export', 'ingest']) {
      const help = stampede('k6', command, '--help');
      expect(help.status).toBe(0);
      expect(help.stdout).toContain(`k6 ${command}`);
      const json = JSON.parse(stampede('k6', command, '--help', '--json').stdout) as { options: Record<string, unknown> };
      expect(Object.keys(json.options)).toContain(command === 'export' ? 'parallelism' : 'scenario');
    }
  });

  it('export --operator writes the script and the manifests; ingest turns a k6 output into a run directory', () => {
    const dir = makeStateDir();
    const exported = stampede(
      'k6',
      'export',
      'black-friday-routing',
      '--operator',
      '--parallelism',
      '4',
      '--out',
      dir,
      '--state-dir',
      dir,
      '--json',
    );
    expect(exported.status).toBe(0);
    const result = JSON.parse(exported.stdout) as { written: string[] };
    expect(result.written).toEqual([join(dir, 'black-friday-routing.js'), join(dir, 'black-friday-routing.k6-operator.yaml')]);
    expect(readFileSync(result.written[1] as string, 'utf8')).toContain('parallelism: 4');

    const output = join(dir, 'runner-1.json');
    const tags = { name: 'assign-truck', status: '200', expected_response: 'true', url: 'http://10.0.0.1:3000/trucks/1/assign' };
    writeFileSync(
      output,
      `${['http_reqs', 'http_req_duration'].map((metric) => JSON.stringify({ type: 'Point', data: { time: '2026-12-01T12:00:00.5+00:00', value: metric === 'http_reqs' ? 1 : 12.5, tags }, metric })).join('\n')}\n`,
    );
    const run = join(dir, 'run');
    const ingested = stampede(
      'k6',
      'ingest',
      output,
      '--scenario',
      result.written[0] as string,
      '--out',
      run,
      '--state-dir',
      dir,
      '--json',
    );
    expect(ingested.status).toBe(0);
    expect(existsSync(join(run, 'run.json'))).toBe(true);
    const record = JSON.parse(readFileSync(join(run, 'run.json'), 'utf8')) as {
      scenario: { name: string };
      seed: number;
      variants: { load: { totals: { sent: number } } }[];
    };
    expect(record.scenario.name).toBe('black-friday-routing');
    expect(record.variants[0]?.load.totals.sent).toBe(1);
    // The saved run is judged again like any other.
    const judged = stampede('report', run, '--threshold', 'http_req_duration:p(99)<5', '--out', join(dir, 'again'));
    expect(judged.status).toBe(1);
  }, 60_000);

  it('answers a file that is not k6 output with its code and exit 2', () => {
    const dir = makeStateDir();
    const file = join(dir, 'not-k6.json');
    writeFileSync(file, 'hello\n');
    const result = stampede('k6', 'ingest', file, '--out', join(dir, 'run'));
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^error STAMPEDE_K6_BAD_OUTPUT: /);
  });

  it('run --engine k6 without k6 on PATH: a coded error saying how to get it, exit 3, nothing started or written', () => {
    const dir = makeStateDir();
    const result = spawnSync(
      process.execPath,
      ['bin/stampede.js', 'run', 'black-friday-routing', '--engine', 'k6', '--out', join(dir, 'run'), '--state-dir', dir],
      {
        encoding: 'utf8',
        env: { ...process.env, PATH: dirname(process.execPath), STAMPEDE_PROVIDER: '' },
      },
    );
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(/^error STAMPEDE_K6_NOT_INSTALLED: /);
    expect(result.stderr).toContain('install-k6');
    expect(existsSync(join(dir, 'run'))).toBe(false);
    expect(existsSync(join(dir, 'state.json'))).toBe(false);
  });

  it('finds k6 on PATH only, and runs it with the targets and the raw JSON output', async () => {
    expect((await rejection(Promise.resolve().then(() => findK6({ PATH: dirname(process.execPath) })))).code).toBe(
      'STAMPEDE_K6_NOT_INSTALLED',
    );
    expect(k6RunArgs('/s/x.js', ['http://127.0.0.1:1', 'http://127.0.0.1:2'], '/o/k6.json')).toEqual([
      'run',
      '--quiet',
      '--no-summary',
      '-e',
      'STAMPEDE_TARGETS=http://127.0.0.1:1,http://127.0.0.1:2',
      '--out',
      'json=/o/k6.json',
      '/s/x.js',
    ]);
  });

  it("exports where docker-compose.yml's k6 profile mounts its scripts", () => {
    const compose = parse(readFileSync('docker-compose.yml', 'utf8')) as { services: { k6: { profiles: string[]; volumes: string[] } } };
    expect(compose.services.k6.profiles).toEqual(['k6']);
    expect(compose.services.k6.volumes).toContain(`./${defaultK6Dir}:/scripts:ro`);
  });
});
