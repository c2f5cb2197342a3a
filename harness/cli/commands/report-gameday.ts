import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { StampedeError } from '../../errors/stampede-error.js';
import { isGameDayRecord, readSchema, writeGameDayFiles } from '../../report/gameday-files.js';

/** `stampede report <gameday.json|game dir>`: the debrief again; undefined when the argument is no game day. */
export function renderGameDay(arg: string, outDir: string | undefined): { written: string[] } | undefined {
  const file = existsSync(join(arg, 'gameday.json')) ? join(arg, 'gameday.json') : arg;
  if (!existsSync(file) || !readSchema(file)?.toString().startsWith('stampede.gameday/')) return undefined;
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  if (!isGameDayRecord(parsed)) {
    throw new StampedeError('STAMPEDE_REPORT_INVALID', `${file} is a game day record of another version`, {
      hint: 'render it with the stampede version that wrote it',
    });
  }
  const dir = resolve(outDir ?? dirname(resolve(file)));
  return { written: writeGameDayFiles(dir, parsed, dir !== dirname(resolve(file))) };
}
