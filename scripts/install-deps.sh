#!/usr/bin/env bash
# Installs the Debian packages the project needs, only those that are missing (idempotent).
# Usage: scripts/install-deps.sh [build|test|bench]   (each level includes the ones before)
set -euo pipefail
level="${1:-build}"
packages=(pkg-config libsqlite3-dev libpq-dev libmicrohttpd-dev libcurl4-openssl-dev libsodium-dev)
if [[ "$level" == test || "$level" == bench ]]; then
  packages+=(sqlite3 postgresql python3-aiosmtpd chromium chromium-driver)
fi
if [[ "$level" == bench ]]; then
  packages+=(wrk nginx-light postfix hyperfine)
fi
missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}" >&2
  sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  # postfix is used only for smtp-sink/smtp-source: no configuration, never started.
  echo "postfix postfix/main_mailer_type select No configuration" | $sudo debconf-set-selections
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
