import type { Command } from '../command.js';

export const infraCommands: Command[] = [];
