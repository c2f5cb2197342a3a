import type { Command } from '../command.js';
import { infraCommands } from './infra.js';

/** Every CLI command, in the order `stampede --help` lists them. One line per command module. */
export const commands: readonly Command[] = [...infraCommands] as readonly Command[];
