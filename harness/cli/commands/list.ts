import { ExitCode } from '../../errors/exit-codes.js';
import { builtInScenarios, loadScenario } from '../../scenario/load-scenario.js';
import { defineCommand } from '../command.js';
import { distRoot } from '../dist-root.js';

const list = defineCommand({
  path: ['list'],
  summary: 'list the built-in scenarios, one line each',
  options: {},
  async run({ out }) {
    const root = distRoot();
    const scenarios = await Promise.all(
      builtInScenarios(root).map(async (name) => {
        const s = await loadScenario(name, { distRoot: root, stateDir: '.stampede' });
        return {
          name: s.name,
          service: s.service,
          variants: s.variants,
          instances: s.instances,
          summary: s.incident.split(/(?<=\.)\s/)[0] ?? '',
        };
      }),
    );
    out.result({ scenarios }, () => {
      if (scenarios.length === 0) return 'no built-in scenarios (run `npm run build`)';
      const width = Math.max(...scenarios.map((s) => s.name.length));
      return scenarios
        .map((s) => `${s.name.padEnd(width)}  ${s.service} (${s.variants.join('/')}, ${s.instances} instances): ${s.summary}`)
        .join('\n');
    });
    return ExitCode.ok;
  },
});

export const listCommands = [list];
