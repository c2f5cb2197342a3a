import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function depcruise(path: string) {
  return spawnSync('node_modules/.bin/depcruise', ['--config', '.dependency-cruiser.cjs', '--output-type', 'err', path], {
    encoding: 'utf8',
  });
}

describe('the layer rule in npm run lint', () => {
  it('fails on a domain/ file that imports from adapters/', () => {
    const result = depcruise('test/fixtures/layer-violation');
    expect(result.status).not.toBe(0);
    expect(result.stdout + result.stderr).toMatch(/domain-is-pure/);
  });

  it('passes on the project itself', () => {
    const result = depcruise('harness');
    expect(result.stdout + result.stderr).not.toMatch(/domain-is-pure/);
  });
});
