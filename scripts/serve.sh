#!/usr/bin/env bash
# Runs the web app locally on http://127.0.0.1:8080/ (release build, rebuilt on changes).
# Installs what is missing first. With no saved plan the app opens the dc1-dual-stack example.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-web.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# --no-autoreload: the reload script Trunk would inject is inline and opens a websocket, both of
# which the app's Content-Security-Policy forbids.
exec trunk serve --release --offline --no-autoreload --address 127.0.0.1 --port 8080
