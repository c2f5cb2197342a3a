#!/usr/bin/env bash
# `npm test`: the whole suite. Installs what is missing, builds (the CLI smoke tests run the
# compiled binary), lints (format, lint rules, layer rules), type-checks, then runs vitest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-system.sh
bash scripts/ensure-node-deps.sh
npm run --silent build
npm run --silent lint
npm run --silent typecheck
mkdir -p .stampede
status=0
npx vitest run --reporter=default --reporter=json --outputFile=.stampede/test-results.json "$@" || status=$?
node scripts/print-test-summary.mjs .stampede/test-results.json || status=1
exit "$status"
