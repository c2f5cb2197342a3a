import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function depcruise(...paths: string[]) {
  return spawnSync('node_modules/.bin/depcruise', ['--config', '.dependency-cruiser.cjs', '--output-type', 'err', ...paths], {
    encoding: 'utf8',
  });
}

describe('the layer rule in npm run lint', () => {
  it('fails on a domain/ file that imports from adapters/', () => {
    const result = depcruise('test/fixtures/layer-violation');
    expect(result.status).not.toBe(0);
    expect(result.stdout + result.stderr).toMatch(/domain-is-pure/);
  });

  it('passes on the project itself, the target services included (exit status 0, no violation)', () => {
    const result = depcruise('harness', 'target-services', 'scenarios');
    expect(result.stdout + result.stderr).not.toMatch(/error/);
    expect(result.status).toBe(0);
  });
});
