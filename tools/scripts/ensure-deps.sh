#!/bin/sh
# Every entry point (npm start, npm test, npm run infra) calls this first, so a fresh clone needs
# no separate install step. It installs from the lockfile when node_modules is missing or older
# than the lockfile; that also installs Node 24 (the `node` package), which npm scripts then find
# first on their PATH. A warm check costs a few milliseconds.
#
# Not `npm ci`: the registries some machines reach lack the macOS and Windows builds of native
# packages (@swc/core-darwin-*), and `npm ci` refuses a lockfile whose optional entries it cannot
# resolve, while `npm install` skips them. `--no-save` keeps the lockfile as committed.
set -eu
cd "$(dirname "$0")/../.."
stamp=node_modules/.install-stamp
want=$(sha256sum package-lock.json | cut -c1-16)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "[setup] installing dependencies (first run or lockfile changed)..." >&2
  npm install --no-save --no-audit --no-fund --loglevel=error
  echo "$want" >"$stamp"
fi
if [ ! -x node_modules/.bin/node ]; then
  echo "[setup] node_modules/.bin/node is missing: the 'node' package's install script did not run" >&2
  exit 1
fi
