#!/usr/bin/env bash
# `npm run demo`: from a fresh clone to a real report. Installs what is missing, builds, and runs
# the Black Friday routing incident, naive then hardened (about two minutes). `stampede run`
# brings the stack up and, since it started it, down again.
set -euo pipefail
cd "$(dirname "$0")/.."
STAMPEDE_SKIP_BROWSER=1 bash scripts/setup-system.sh
bash scripts/ensure-node-deps.sh
npm run --silent build
node bin/stampede.js run black-friday-routing "$@"
