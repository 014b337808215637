#!/usr/bin/env bash
# Benchmarks (figures printed, nothing asserted): native engine, then the
# engine and the live playground in headless chromium.
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
