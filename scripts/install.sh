#!/usr/bin/env bash
# Installs what the project's tests and the web build need, skipping what is already there.
# Safe to re-run. Needs root for the Debian packages (apt-get).
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\033[1m== %s\033[0m\n' "$*"; }

# Debian packages: FRR (vtysh and the daemons for the lab), shellcheck, iproute2 (ip netns),
# Chromium for the browser tests.
missing=()
for pkg in frr shellcheck iproute2 chromium; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  log "installing Debian packages: ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "need root to install ${missing[*]} (run as root, or install them yourself)" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# The lab starts FRR's daemons itself; the packaged service must not hold the sockets.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet frr 2>/dev/null; then
  systemctl stop frr || true
fi

# Rust pieces of the toolchain.
for component in rustfmt clippy; do
  rustup component list --installed 2>/dev/null | grep -q "^$component" || rustup component add "$component"
done
rustup target list --installed | grep -q '^wasm32-unknown-unknown$' || rustup target add wasm32-unknown-unknown

if [ -x scripts/install-web.sh ]; then
  scripts/install-web.sh
fi
