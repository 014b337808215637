#!/usr/bin/env bash
# Benchmarks (figures printed): native engine, then the engine and the live
# playground in headless chromium; then the long runs of issue 14, which do
# assert: the big case at full speed for 10 minutes (memory flat within ±5 %
# after the first minute, the last minute's frame rate within 10 % of the
# first's) and 10,000 random UI actions (a fresh seed each run, printed).
# SOAK_MINUTES and MONKEY_ACTIONS shorten them.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
export PATH="$HOME/.cargo/bin:$PWD/.tools/node_modules/.bin:$PATH"
echo "== native engine (cargo run --release -p neuralscope-engine --example bench) =="
cargo run --release --quiet -p neuralscope-engine --example bench
echo; echo "== native conv net (cargo run --release -p neuralscope-engine --example bench_conv) =="
cargo run --release --quiet -p neuralscope-engine --example bench_conv
echo; echo "== browser (release build, headless chromium) =="
trunk build --release --offline >/dev/null
mkdir -p tests/e2e/artifacts
(cd tests/e2e && node bench.mjs)
echo; echo "== cold load: navigation to the network painted and to the first epoch (coldload.mjs) =="
(cd tests/e2e && node coldload.mjs)
echo; echo "== a classroom device: CPU 4x slower, 10 Mbit/s, 40 ms, gzip; beside TensorFlow Playground when TFP_DIST names its build (classroom_bench.mjs) =="
(cd tests/e2e && node classroom_bench.mjs)
echo; echo "== background jobs: search trials/s on 1 and all workers, frames/s during a search (jobs_bench.mjs) =="
(cd tests/e2e && node jobs_bench.mjs)
echo; echo "== long run: the big case at full speed for ${SOAK_MINUTES:-10} minutes (memory.mjs --check) =="
(cd tests/e2e && node memory.mjs ../../dist "${SOAK_MINUTES:-10}" --every=30 --only=big --check)
echo; echo "== random use: ${MONKEY_ACTIONS:-10000} actions (specs/monkey.spec.mjs) =="
(cd tests/e2e && MONKEY_ACTIONS="${MONKEY_ACTIONS:-10000}" SEED="${SEED:-$RANDOM$RANDOM}" npx playwright test specs/monkey.spec.mjs)
