import type { Command } from '../command.js';
import { infraCommands } from './infra.js';
import { toxiproxyCommands } from './toxiproxy.js';

/** Every CLI command, in the order `stampede --help` lists them. One line per command module. */
export const commands: readonly Command[] = [...infraCommands, ...toxiproxyCommands] as readonly Command[];
