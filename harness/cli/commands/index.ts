import type { Command } from '../command.js';
import { infraCommands } from './infra.js';
import { loadCommands } from './load.js';
import { toxiproxyCommands } from './toxiproxy.js';

/** Every CLI command, in the order `stampede --help` lists them. One line per command module. */
export const commands: readonly Command[] = [...infraCommands, ...toxiproxyCommands, ...loadCommands] as readonly Command[];
