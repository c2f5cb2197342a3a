import { join, resolve } from 'node:path';
import { formatDuration } from '../../common/duration.js';
import { ExitCode } from '../../errors/exit-codes.js';
import { StampedeError } from '../../errors/stampede-error.js';
import { planLength, runGameDay } from '../../gameday/game-session.js';
import { builtInGameDays, loadGameDay } from '../../gameday/load-game-day.js';
import type { GameDayRecord } from '../../record/gameday-record.js';
import { writeGameDayFiles } from '../../report/gameday-files.js';
import { defaultRunDir } from '../../run/run-scenario.js';
import { defineCommand } from '../command.js';
import { distRoot } from '../dist-root.js';
import type { OptionTable } from '../option-table.js';
import { infraOptions, stackOptions } from '../stack-options.js';

const gamedayOptions = {
  list: { type: 'boolean', description: 'list the shipped game day plans' },
  port: { type: 'number', integer: true, min: 0, max: 65535, default: 0, description: 'dashboard port on 127.0.0.1 (0: any free one)' },
  seed: {
    type: 'number',
    integer: true,
    min: 0,
    default: 1,
    env: 'STAMPEDE_SEED',
    description: 'draws the hidden fault schedule and seeds the load: the same seed replays the same game',
  },
  duration: { type: 'duration', placeholder: 'DURATION', description: "the game's length (every time of the plan is stretched to it)" },
  out: {
    type: 'string',
    placeholder: 'DIR',
    description: 'where gameday.json and gameday.html go (default reports/<UTC stamp>-gameday-<plan>)',
  },
  ...stackOptions,
} as const satisfies OptionTable;

function summary(record: GameDayRecord, written: readonly string[]): string {
  const t = record.scores.team;
  const s = (v: number | null) => (v === null ? '-' : `${v.toFixed(1)} s`);
  const faults = record.scores.faults.map(
    (f) => `  ${f.fault} (${f.category}) at ${f.startS.toFixed(0)} s: detected ${s(f.timeToDetectS)}, mitigated ${s(f.timeToMitigateS)}`,
  );
  return [
    `${record.plan.name}: ${record.status}, ${record.frames.length} s played, ${record.players.length} player(s)`,
    ...faults,
    `team: ${t.detected}/${t.faults} detected (mean ${s(t.meanTimeToDetectS)}), ${t.mitigated} mitigated (mean ${s(t.meanTimeToMitigateS)}), ${t.falseAlarms} false alarm(s), ${t.wrongHypotheses} wrong hypothesis(es)`,
    ...written.map((w) => `wrote ${w}`),
  ].join('\n');
}

const gameday = defineCommand({
  path: ['gameday'],
  args: '<plan|file.ts>',
  summary: 'run a training game day: live dashboard, hidden faults, detections and levers, scores, debrief',
  options: gamedayOptions,
  details: [
    'Prints the player URL (/) and the facilitator URL (/facilitator?token=...); Ctrl-C pulls the safety lever, then ends the game.',
    'Writes gameday.json and gameday.html (the debrief); `stampede report <gameday.json>` renders it again.',
    'Exit codes: 0 the game ran to its end, 2 bad plan, 3 infrastructure, 130 interrupted (gameday.json still written).',
  ],
  async run({ options, positionals, out, env, signal }) {
    const root = distRoot();
    if (options.list) {
      const plans = await Promise.all(
        builtInGameDays(root).map(async (name) => {
          const { plan } = await loadGameDay(name, { distRoot: root, stateDir: resolve(options.stateDir) });
          return { name: plan.name, title: plan.title, scenario: plan.scenario, variant: plan.variant, duration: plan.duration };
        }),
      );
      out.result({ plans }, () =>
        plans.length === 0
          ? 'no shipped plans (run `npm run build`)'
          : plans.map((p) => `${p.name}  ${p.title} (${p.scenario}, ${p.variant}, ${p.duration})`).join('\n'),
      );
      return ExitCode.ok;
    }
    const ref = positionals[0];
    if (!ref || positionals.length > 1) {
      throw new StampedeError('STAMPEDE_USAGE', ref ? `one plan at a time, got ${positionals.join(' ')}` : 'which game day plan?', {
        hint: 'stampede gameday flash-sale-checkout (see `stampede gameday --list`)',
      });
    }
    const infra = infraOptions(options, env, signal, (line) => out.info(line));
    const { plan, scenario } = await loadGameDay(ref, { distRoot: root, stateDir: infra.stateDir });
    const dir = resolve(options.out ?? defaultRunDir(process.cwd(), `gameday-${plan.name}`));
    out.info(
      `${plan.name}: ${formatDuration(options.duration ?? planLength(plan))} on ${scenario.name} (${plan.variant}), seed ${options.seed}`,
    );
    const record = await runGameDay({
      plan,
      scenario,
      infra,
      provider: options.provider as 'auto',
      distRoot: root,
      seed: options.seed,
      durationMs: options.duration,
      port: options.port,
      argv: process.argv.slice(2),
      signal,
      onInfo: (line) => out.info(line),
      onReady: (d) => {
        out.info(`players:     ${d.url}`);
        out.info(`facilitator: ${d.facilitatorUrl}`);
      },
    });
    const written = writeGameDayFiles(dir, record);
    out.result({ dir, written, status: record.status, scores: record.scores, players: record.players }, () =>
      summary(record, [join(dir, 'gameday.json'), join(dir, 'gameday.html')]),
    );
    if (record.status === 'interrupted') return ExitCode.interrupted;
    return record.status === 'completed' ? ExitCode.ok : ExitCode.infrastructure;
  },
});

export const gamedayCommands = [gameday];
