#!/usr/bin/env bash
# Builds nps (release) and runs it. With no arguments: `nps serve` (SQLite database and a
# file outbox in ./data, listening on 127.0.0.1:8080). With arguments: `nps ARGS...`.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
scripts/install-deps.sh build
swift build -c release --product nps >&2
if (($# == 0)); then
  set -- serve
fi
exec "$root/.build/release/nps" "$@"
