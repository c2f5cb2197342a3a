#!/usr/bin/env bash
# Installs npm dependencies when node_modules is missing or older than package-lock.json, so that
# `npm test` and `npm run demo` work on a fresh clone with nothing typed before.
set -euo pipefail
cd "$(dirname "$0")/.."
marker=node_modules/.package-lock.json
if [ ! -f "$marker" ] || [ package-lock.json -nt "$marker" ]; then
  echo "installing npm dependencies..." >&2
  # npm install, not npm ci: the lock records only this platform's optional binaries (biome,
  # esbuild), which npm ci refuses as "out of sync" on a fresh clone.
  npm install --no-audit --no-fund --ignore-scripts >&2
fi
