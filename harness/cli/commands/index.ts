import type { Command } from '../command.js';
import { gamedayCommands } from './gameday.js';
import { infraCommands } from './infra.js';
import { k6Commands } from './k6.js';
import { listCommands } from './list.js';
import { loadCommands } from './load.js';
import { reportCommands } from './report.js';
import { runCommands } from './run.js';
import { toxiproxyCommands } from './toxiproxy.js';

/** Every CLI command, in the order `stampede --help` lists them. One line per command module. */
export const commands: readonly Command[] = [
  ...runCommands,
  ...listCommands,
  ...reportCommands,
  ...gamedayCommands,
  ...infraCommands,
  ...toxiproxyCommands,
  ...loadCommands,
  ...k6Commands,
] as readonly Command[];
