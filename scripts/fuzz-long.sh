#!/usr/bin/env bash
# The long fuzz run, before a release: every fuzz target of tests/fuzz.rs (mutated plans, plan
# text, share links, edit sequences, the corpus) with many more iterations than the test
# suite's, in an optimised build, over several seeds. Opt-in: scripts/test.sh does not run it.
#
#   scripts/fuzz-long.sh [ITERATIONS [SEED...]]    defaults: 5000 iterations, seeds 1 2 3
#
# A failure prints its seed and iteration (FUZZ_SEED=S FUZZ_ONLY=I reproduces it) and keeps the
# input under target/tmp/fuzz-failures/; tests/corpus/README.md says how to add it to the corpus.
set -euo pipefail
cd "$(dirname "$0")/.."

iterations=${1:-5000}
shift || true
seeds=("$@")
((${#seeds[@]})) || seeds=(1 2 3)

started=$(date +%s)
for seed in "${seeds[@]}"; do
  printf '\033[1m== fuzz: seed %s, %s iterations per target\033[0m\n' "$seed" "$iterations"
  FUZZ_SEED=$seed FUZZ_ITERATIONS=$iterations cargo test --release --locked --test fuzz -- --nocapture
done
echo "fuzz-long: ${#seeds[@]} seeds x ${iterations} iterations in $(($(date +%s) - started)) s"
