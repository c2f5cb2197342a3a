#!/usr/bin/env node
// Thin launcher: the CLI is compiled ahead of time (npm run build) so that a start costs no
// TypeScript loader. A fresh clone without dist/ gets a one-line hint instead of a stack trace.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/harness/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('error STAMPEDE_NOT_BUILT: the CLI is not compiled yet\n  hint: run `npm install` (it builds) or `npm run build`\n');
  process.exit(2);
}
await import(entry.href);
