import { spawn } from 'node:child_process';
import { describe, expect, it, onTestFinished } from 'vitest';
import { processTagEnv } from '../../harness/common/process-tag.js';
import { startService } from '../../harness/run/service-process.js';
import { listOwnedProcesses, suiteTag } from '../helpers/process-census.js';

const sleeper = (env: NodeJS.ProcessEnv) => {
  // cwd is the repo, as for services and upstreams: only the tag can find it.
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { env, detached: true, stdio: 'ignore' });
  child.unref();
  const pid = child.pid as number;
  onTestFinished(() => {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  });
  return pid;
};

describe('the suite leak check', () => {
  it('is tagged by the global setup', () => {
    expect(process.env[processTagEnv]).toMatch(/^stampede-test-[0-9a-f]{8}$/);
    expect(suiteTag).toBe(process.env[processTagEnv]);
  });

  it("finds a deliberately leaked child whose cwd is the repo, and not another suite's", () => {
    const ours = sleeper(process.env);
    const theirs = sleeper({ ...process.env, [processTagEnv]: 'stampede-test-another' });
    const found = listOwnedProcesses().map((p) => p.pid);
    expect(found).toContain(ours);
    expect(found).not.toContain(theirs);
    process.kill(ours, 'SIGKILL');
  });

  it('finds a service process the runner started (it forwards the tag to the small environment it gives)', async () => {
    const upstream = await startService({ instance: 'leak-probe', entry: 'dist/target-services/upstreams/map-api/main.js', env: {} });
    onTestFinished(() => upstream.kill());
    expect(listOwnedProcesses().map((p) => p.pid)).toContain(upstream.pid);
    await upstream.stop();
    expect(listOwnedProcesses().map((p) => p.pid)).not.toContain(upstream.pid);
  });
});
