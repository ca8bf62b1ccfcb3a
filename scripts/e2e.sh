#!/usr/bin/env bash
# Builds the web app (dist/) with Trunk and runs the end-to-end tests in Chromium.
# Assumes the tools are installed (scripts/install-web.sh). Exits non-zero on any failure.
# Extra arguments go to Playwright, e.g. scripts/e2e.sh share.spec.ts
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

trunk build --release --offline
# The bundle test compares the zip with what the command line renders.
cargo build --quiet --bin fabric-designer
export FABRIC_DESIGNER_BIN="$PWD/target/debug/fabric-designer"

# The budgets have their own script (scripts/measure-web.sh): timings on a busy machine are
# measured there, not mixed into the functional tests.
playwright test -c end2end/playwright.config.ts --grep-invert @budget "$@"
