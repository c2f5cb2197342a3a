import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type GameDayRecord, gameDaySchema } from '../record/gameday-record.js';
import { renderGameDayHtml } from './gameday-html-writer.js';

/** True when the parsed JSON is a gameday.json (by its schema), so `stampede report` renders the debrief. */
export function isGameDayRecord(value: unknown): value is GameDayRecord {
  return (value as { schema?: unknown } | null)?.schema === gameDaySchema;
}

/** Peeks at a file's schema without validating the rest. */
export function readSchema(file: string): unknown {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { schema?: unknown }).schema;
  } catch {
    return undefined;
  }
}

/** Writes gameday.json (whole, then renamed) and gameday.html into `dir`; returns the paths. */
export function writeGameDayFiles(dir: string, record: GameDayRecord, json = true): string[] {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  if (json) {
    const file = join(dir, 'gameday.json');
    writeFileSync(`${file}.tmp`, `${JSON.stringify(record)}\n`);
    renameSync(`${file}.tmp`, file);
    written.push(file);
  }
  const html = join(dir, 'gameday.html');
  writeFileSync(html, renderGameDayHtml(record));
  written.push(html);
  return written;
}
