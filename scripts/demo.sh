#!/usr/bin/env bash
# `npm run demo`: from a fresh clone to a running stack. Installs what is missing, builds, brings
# the native stack up, shows its status and brings it down again. (The Black Friday routing
# scenario takes over here once it lands.)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-system.sh
bash scripts/ensure-node-deps.sh
npm run --silent build
stampede() { node bin/stampede.js "$@"; }
trap 'stampede infra down >/dev/null 2>&1 || true' EXIT
stampede infra up
echo
stampede infra status
echo
stampede infra down
trap - EXIT
