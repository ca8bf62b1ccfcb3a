#!/usr/bin/env bash
# Measures the web app's budgets in headless Chromium on loopback and fails if one is missed:
# transfer size (html+js+wasm+css gzipped <= 450 KB), first render of the example plan
# (< 300 ms), keystroke to updated diagnostics and previews at the 32-session limit (< 16 ms).
# Builds dist/ first unless --no-build. Results: docs/performance.md, "Web app".
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
if [[ "${1:-}" != "--no-build" ]]; then
  trunk build --release --offline
fi
playwright test -c end2end/playwright.config.ts --project=desktop --grep @budget --reporter=list 2>&1 | tee /tmp/fabric-designer-budgets.log
grep '^BUDGET\|^  .*gzipped' /tmp/fabric-designer-budgets.log || true
