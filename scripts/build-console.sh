#!/usr/bin/env bash
# Builds the web console (console/, Vite + React + TypeScript) into server/target/classes/console, where the
# gateway serves it at /console. Run by the server module's Maven build (generate-resources), so `./tollgate
# build`, `./tollgate test` and `./tollgate run` all include it. Needs Node.js >= 20 and the npm registry (for
# `npm ci`, once: node_modules is reused while package-lock.json is unchanged). Without npm the gateway is built
# without its console, with a warning. Skips the Vite build when nothing in console/ changed since the last one.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SRC="$ROOT/console"
OUT=$(realpath -m "${1:-$ROOT/server/target/classes/console}") # absolute: the build runs in console/
log() { echo "[console] $*" >&2; }

if ! command -v npm >/dev/null || ! command -v node >/dev/null; then
  log "WARNING: node/npm not found: the gateway is built without its web console"
  exit 0
fi
if [[ "${TOLLGATE_SKIP_CONSOLE:-}" == 1 ]]; then
  log "TOLLGATE_SKIP_CONSOLE=1: not building the console"
  exit 0
fi

cd "$SRC"
# npm ci is slow (it deletes node_modules): only when the lockfile is newer than the last install.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  log "npm ci"
  npm ci --no-audit --no-fund --loglevel=error >&2
fi

if [[ -f "$OUT/.files" && -z $(find "$SRC" -path "$SRC/node_modules" -prune -o -path "$SRC/dist" -prune \
        -o -path "$SRC/e2e" -prune -o -type f -newer "$OUT/.files" -print -quit) ]]; then
  exit 0 # up to date
fi

log "vite build -> $OUT"
TOLLGATE_CONSOLE_OUT="$OUT" npm run --silent build -- --logLevel warn >&2
# The gateway cannot list a class path directory inside a jar: it reads this list instead.
(cd "$OUT" && find . -type f ! -name .files | sed 's|^\./||' | LC_ALL=C sort > .files)
