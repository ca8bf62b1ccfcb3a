#!/usr/bin/env bash
# Installs what building and testing the web app needs, and skips what is already there:
# the wasm32 target, Trunk 0.21.14, wasm-bindgen-cli at the version in Cargo.lock, Chromium
# (Debian package), Node.js, and the npm packages of package-lock.json (binaryen's wasm-opt,
# Playwright). Nothing here downloads a browser or a prebuilt binary from outside a registry.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

apt_updated=false
apt_install() {
  if ! $apt_updated; then
    apt-get update
    apt_updated=true
  fi
  apt-get install -y "$@"
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -q ' 0\.21\.14$'; then
  # 0.22 needs a newer rustc than this toolchain.
  cargo install --locked trunk@0.21.14
fi

# Trunk refuses to download tools (--offline), so the CLI must match the library exactly.
want=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/"/, "", $3); print $3 }' Cargo.lock)
if [[ -z "$want" ]]; then
  echo "install-web: no wasm-bindgen in Cargo.lock" >&2
  exit 1
fi
if ! wasm-bindgen --version 2>/dev/null | grep -q " $want\$"; then
  # Without --locked: its lock file names a crate version the registry no longer has.
  cargo install wasm-bindgen-cli --version "$want"
fi

if ! command -v chromium >/dev/null; then
  apt_install chromium
fi

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  apt_install nodejs npm
fi

# npm ci when node_modules is missing or older than the lock file.
if [[ ! -x node_modules/.bin/wasm-opt || ! -x node_modules/.bin/playwright ||
  package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund
fi

echo "install-web: ready (trunk $(trunk --version | awk '{print $2}'), wasm-bindgen $want, $(chromium --version 2>/dev/null | head -1))"
