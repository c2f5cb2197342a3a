import { readFileSync } from 'node:fs';

/** The last `count` non-empty lines of a log file, for error messages (empty when unreadable). */
export function logTail(file: string, count = 15): string[] {
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .slice(-count);
  } catch {
    return [];
  }
}
