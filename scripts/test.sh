#!/usr/bin/env bash
# Runs every test of the project: formatting and lints, native unit and integration tests
# (golden files, FRR's parser, shellcheck, the command line, the live FRR lab), the wasm build,
# and the browser tests in Chromium. Installs whatever is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\033[1m== %s\033[0m\n' "$*"; }
started=$(date +%s)
results=$(mktemp)
trap 'rm -f "$results"' EXIT

scripts/install.sh

log "cargo fmt --check"
cargo fmt --all -- --check

log "cargo clippy (native, all targets)"
cargo clippy --all-targets --locked -- -D warnings

log "cargo clippy (wasm32)"
cargo clippy --target wasm32-unknown-unknown --locked -- -D warnings

log "cargo build (wasm32: the core and the app build for the browser)"
cargo build --target wasm32-unknown-unknown --locked

log "cargo test"
# Snapshots are compared, never written, in this run (insta does the same when CI is set).
INSTA_UPDATE=no cargo test --locked --all-targets 2>&1 | tee -a "$results"

log "cargo test --doc"
cargo test --locked --doc 2>&1 | tee -a "$results"

if [ -x scripts/e2e.sh ]; then
  log "browser tests"
  scripts/e2e.sh 2>&1 | tee -a "$results"
fi

# One closing line for the whole run, summed over cargo's and Playwright's own summaries.
read -r passed failed < <(awk '
  /^test result: / { for (i = 1; i <= NF; i++) { if ($i ~ /^passed;?$/) p += $(i-1); if ($i ~ /^failed;?$/) f += $(i-1) } }
  /^ +[0-9]+ passed \(/ { p += $1 }
  /^ +[0-9]+ failed$/ { f += $1 }
  END { print p + 0, f + 0 }' "$results")
log "done in $(($(date +%s) - started)) s"
echo "tests: ${passed} passed, ${failed} failed"
