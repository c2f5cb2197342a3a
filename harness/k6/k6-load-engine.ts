import { spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync, rmSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { StampedeError } from '../errors/stampede-error.js';
import type { LoadEngine, LoadResult } from '../load/index.js';
import { k6LoadResult } from './k6-load-result.js';
import { mergeK6Outputs } from './k6-output-merge.js';

/**
 * k6 as the load engine of `stampede run --engine k6`: the stack, services, chaos, probes and
 * invariants stay Stampede's; k6 runs the exported script against the instances and its JSON
 * output is ingested into the LoadResult the variant record holds, so reports and thresholds
 * work unchanged. Limits, said plainly: k6 takes its targets once (an instance restarted by
 * chaos on a new port is not followed), and its second 0 is when k6 starts sending, a little
 * after the chaos clock's (k6 first initialises its VUs).
 */
export function findK6(env: Readonly<Record<string, string | undefined>>): string {
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, 'k6');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this PATH entry
    }
  }
  throw new StampedeError('STAMPEDE_K6_NOT_INSTALLED', '--engine k6 needs the k6 binary, and none is on PATH', {
    hint: 'install k6 (https://grafana.com/docs/k6/latest/set-up/install-k6/), or run the exported script with `docker compose --profile k6 run --rm k6 run /scripts/<scenario>.js`',
  });
}

/** The command line: targets through the environment the script reads, raw points to `outFile`. */
export function k6RunArgs(scriptFile: string, targets: readonly string[], outFile: string): string[] {
  return ['run', '--quiet', '--no-summary', '-e', `STAMPEDE_TARGETS=${targets.join(',')}`, '--out', `json=${outFile}`, scriptFile];
}

export interface K6EngineOptions {
  readonly binary: string;
  readonly scriptFile: string;
  /** Where k6's JSON output is written while a variant runs (removed once ingested). */
  readonly workDir: string;
}

/** k6 exits 99 when its own thresholds fail: not an engine failure, Stampede judges them itself. */
const thresholdsFailed = 99;

export function k6LoadEngine(engine: K6EngineOptions): LoadEngine {
  return (plan, options = {}) => {
    mkdirSync(engine.workDir, { recursive: true });
    const outFile = join(engine.workDir, `k6-output-${process.pid}-${Date.now()}.json`);
    const child = spawn(engine.binary, k6RunArgs(engine.scriptFile, plan.targets, outFile), { stdio: ['ignore', 'ignore', 'pipe'] });
    const stderr: string[] = [];
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(...chunk.toString('utf8').split('\n').filter(Boolean).slice(-20)));
    let stopped = false;
    // SIGINT is k6's own graceful stop: it ends the iterations and flushes its output.
    const stop = () => {
      stopped = true;
      if (child.exitCode === null && child.pid !== undefined) child.kill('SIGINT');
    };
    options.signal?.addEventListener('abort', stop, { once: true });
    const stages = plan.model === 'arrival-rate' ? plan.stages.map((s) => ({ durationMs: Number(s.duration), target: s.target })) : [];
    const result = new Promise<LoadResult>((resolve, reject) => {
      child.on('error', (cause) =>
        reject(
          new StampedeError('STAMPEDE_K6_FAILED', `cannot start ${engine.binary}: ${cause.message}`, {
            hint: 'check the k6 binary',
            cause,
          }),
        ),
      );
      child.on('exit', (code) => {
        options.signal?.removeEventListener('abort', stop);
        if (code !== 0 && code !== thresholdsFailed && !stopped) {
          reject(
            new StampedeError('STAMPEDE_K6_FAILED', `k6 exited with code ${code}`, {
              hint: 'its last lines are shown; run the script by hand with `k6 run` to see more',
              details: { logTail: stderr.slice(-20) },
            }),
          );
          return;
        }
        mergeK6Outputs([outFile])
          .then(({ sink }) => {
            const rows = sink.window.finish();
            const load = k6LoadResult(
              sink,
              { seed: plan.seed ?? 0, stages, startRate: plan.model === 'arrival-rate' ? (plan.startRate ?? 0) : 0 },
              rows,
            );
            sink.destroy();
            resolve({ ...load, status: stopped ? 'interrupted' : 'completed' });
          })
          .catch(reject)
          .finally(() => rmSync(outFile, { force: true }));
      });
    });
    return { result, seed: plan.seed ?? 0, setTargets: () => {}, stop };
  };
}
