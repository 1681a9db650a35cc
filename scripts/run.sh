#!/usr/bin/env bash
# Builds nps (release) and runs it. With no arguments: the NPS of the bundled sample file.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
scripts/install-deps.sh build
swift build -c release --product nps >&2
if (($# == 0)); then
  set -- score samples/responses.csv
fi
exec "$root/.build/release/nps" "$@"
