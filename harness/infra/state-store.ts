import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { StampedeError } from '../errors/stampede-error.js';
import { componentNames, type StackState } from './stack-types.js';

/** Where a stack keeps its files: state.json, logs/, and the servers' own directories. */
export class StateStore {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = resolve(dir);
  }

  get file(): string {
    return join(this.dir, 'state.json');
  }

  logFile(component: string): string {
    return join(this.dir, 'logs', `${component}.log`);
  }

  ensure(): void {
    mkdirSync(join(this.dir, 'logs'), { recursive: true, mode: 0o755 });
  }

  read(): StackState | undefined {
    if (!existsSync(this.file)) return undefined;
    try {
      const state = JSON.parse(readFileSync(this.file, 'utf8')) as StackState;
      if (state.schema !== 1 || typeof state.components !== 'object' || state.components === null) return undefined;
      // A state written by an `up` killed part-way may name only some components: the others were never started.
      const components = { ...state.components };
      for (const name of componentNames) {
        components[name] ??= { name, url: '', port: state.ports?.[name] ?? 0, unavailable: 'never started (an interrupted `up`)' };
      }
      return { ...state, components };
    } catch {
      // A torn or foreign file is treated as no state; `up` then checks the ports it needs.
      return undefined;
    }
  }

  /** Written atomically (rename), so another process never reads half a file. */
  write(state: StackState): void {
    this.ensure();
    const tmp = `${this.file}.${process.pid}.tmp`;
    // 0600: the file names URLs and PIDs; nobody else on the machine needs to read it.
    writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, this.file);
  }

  clear(): void {
    rmSync(this.file, { force: true });
  }

  /**
   * An exclusive lock for `up` and `down`, so that two terminals cannot start two half-stacks in
   * one state dir. A lock whose owner is gone is taken over.
   */
  lock(isAlive: (pid: number) => boolean): () => void {
    mkdirSync(this.dir, { recursive: true });
    const path = join(this.dir, 'infra.lock');
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(path, 'wx');
        writeFileSync(fd, String(process.pid));
        closeSync(fd);
        return () => rmSync(path, { force: true });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        const owner = Number(readFileSync(path, 'utf8'));
        if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
          throw new StampedeError(
            'STAMPEDE_INFRA_STATE_CONFLICT',
            `another stampede process (pid ${owner}) is changing the stack in ${this.dir}`,
            {
              hint: 'wait for it to finish, or use another --state-dir',
            },
          );
        }
        rmSync(path, { force: true });
      }
    }
    throw new StampedeError('STAMPEDE_INFRA_STATE_CONFLICT', `could not take the lock in ${this.dir}`, {
      hint: 'remove infra.lock if no stampede process runs',
    });
  }
}
