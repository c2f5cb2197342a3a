#!/usr/bin/env bash
# Installs the servers the native provider runs (PostgreSQL 15, PgBouncer, Redis) when they are
# missing and we can (root with apt-get); otherwise prints exactly what to install and fails.
# Also Chromium, for the browser test of report.html: installed the same way, but only optional
# (without root/apt it prints the command and that test skips, saying so).
# Quiet and quick when everything is already there.
set -euo pipefail

have_postgres() {
  command -v initdb >/dev/null 2>&1 && command -v postgres >/dev/null 2>&1 && return 0
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null
}

missing=()
have_postgres || missing+=(postgresql)
command -v pgbouncer >/dev/null 2>&1 || missing+=(pgbouncer)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)

can_apt() { [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; }

# The browser test drives /usr/bin/chromium (Debian's package): never a browser build of its own.
# `npm run demo` passes STAMPEDE_SKIP_BROWSER=1: a newcomer's first run needs no browser.
optional=()
if [ ! -x /usr/bin/chromium ] && [ "${STAMPEDE_SKIP_BROWSER:-0}" != 1 ]; then
  if can_apt; then
    optional+=(chromium fonts-dejavu-core)
  else
    echo "the report.html browser test needs chromium (it skips without it):" >&2
    echo "  on Debian/Ubuntu: sudo apt-get install -y chromium" >&2
  fi
fi

if [ ${#missing[@]} -eq 0 ] && [ ${#optional[@]} -eq 0 ]; then
  exit 0
fi

if [ ${#missing[@]} -gt 0 ] && ! can_apt; then
  echo "stampede needs these system packages: ${missing[*]}" >&2
  echo "  on Debian/Ubuntu: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  echo "  or run the stack in Docker instead: stampede infra up --provider docker" >&2
  exit 3
fi

echo "installing ${missing[*]} ${optional[*]} (apt-get)..." >&2
# Keep the packages' own services from starting (their default ports are not ours): a
# policy-rc.d that forbids service starts, only for the length of this install.
policy=/usr/sbin/policy-rc.d
added_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod +x "$policy"
  added_policy=1
fi
cleanup() { if [ "$added_policy" -eq 1 ]; then rm -f "$policy"; fi; }
trap cleanup EXIT

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
if [ ${#missing[@]} -gt 0 ]; then
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "installed ${missing[*]}" >&2
fi
if [ ${#optional[@]} -gt 0 ]; then
  # Optional: a failure here costs only the browser test (which then skips), never the suite.
  if apt-get install -y -qq --no-install-recommends "${optional[@]}" >/dev/null; then
    echo "installed ${optional[*]}" >&2
  else
    echo "could not install ${optional[*]}: the report.html browser test will skip" >&2
  fi
fi
