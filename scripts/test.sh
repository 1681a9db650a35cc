#!/usr/bin/env bash
# Runs the whole test suite: installs missing Debian packages, checks formatting, builds,
# starts a real PostgreSQL on loopback for the storage tests, runs every test, stops it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

scripts/install-deps.sh test

echo "== format"
if ! swift format lint --strict -r Package.swift Sources Tests; then
  echo "formatting differs: run 'swift format -i -r Sources Tests'" >&2
  exit 1
fi

echo "== build"
swift build --build-tests

work="$(mktemp -d /tmp/nps-test.XXXXXX)"
chmod 755 "$work"
cleanup() {
  if [[ -x scripts/postgres-test-server.sh && -d "$work/pg" ]]; then
    scripts/postgres-test-server.sh stop "$work/pg" >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

if [[ -x scripts/postgres-test-server.sh ]]; then
  echo "== postgresql"
  NPS_TEST_POSTGRES_URL="$(scripts/postgres-test-server.sh start "$work/pg")"
  export NPS_TEST_POSTGRES_URL
  export NPS_REQUIRE_POSTGRES=1
  echo "PostgreSQL for tests at $NPS_TEST_POSTGRES_URL"
fi

echo "== tests"
export NPS_BINARY="$root/.build/debug/nps"
swift test --skip-build

echo "== browser tests"
# Headless Chromium against a real `nps serve` (tests/browser/); selenium from PyPI.
if ! python3 -c "import selenium" 2>/dev/null; then
  python3 -m pip install -q selenium
fi
SE_AVOID_STATS=true python3 tests/browser/test_survey_pages.py
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
SE_AVOID_STATS=true python3 tests/browser/dashboard_test.py "$NPS_BINARY" "$port"
echo "browser tests: passed"
