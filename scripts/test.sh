#!/usr/bin/env bash
# Sets up what is missing, then runs every test:
#   1. the engine wall (crates/engine/Cargo.toml names no web crate; the compiler then holds it),
#      then style and lints: cargo fmt --check, cargo clippy -D warnings (every crate natively; the page's
#      and the worker's wasm)
#   2. native cargo test on the workspace (engine crate, rendering to SVG)
#   3. browser tests: wasm-pack test --headless --chrome
#   4. a release trunk build, and the size of what it ships
#   5. end-to-end tests: Playwright drives the built app in Debian's headless chromium
#   6. the same build in Firefox ESR and WebKitGTK (tests/cross/run.mjs)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
export PATH="$HOME/.cargo/bin:$PWD/.tools/node_modules/.bin:$PATH"
export CHROMEDRIVER="$(command -v chromedriver)"
# one build per run: incremental caches would only double the target's size on disk
export CARGO_INCREMENTAL=0
avail_kb=$(df -Pk . | awk 'NR==2 {print $4}')
if [ "${avail_kb:-0}" -lt 8000000 ]; then
  echo "warning: only $((avail_kb / 1024)) MB free here; a cold run writes about 3 GB to target/" >&2
fi
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "1/5 engine wall (the engine crate's manifest names no web crate), fmt, clippy"
# The engine is its own crate: with no web crate among its dependencies, code that
# names one does not compile. This check keeps the manifest itself honest.
if grep -nE '^[[:space:]]*(leptos|web-sys|js-sys|wasm-bindgen[a-z-]*|plotters[a-z-]*|gloo[a-z-]*)[[:space:]]*=' crates/engine/Cargo.toml; then
  echo "crates/engine must stay pure Rust: its Cargo.toml names a web crate (above)." >&2; exit 1
fi
if cargo tree --locked -p neuralscope-engine -e normal --prefix none 2>/dev/null | grep -E '^(leptos|web-sys|js-sys|wasm-bindgen|plotters)'; then
  echo "crates/engine must stay pure Rust: a web crate is among its dependencies (above)." >&2; exit 1
fi
echo "ok: the engine crate depends on no web crate"
cargo fmt --all --check
cargo clippy --locked --workspace --all-targets -- -D warnings
cargo clippy --locked --target wasm32-unknown-unknown -p neuralscope --lib -- -D warnings
# the worker's wasm main (crates/jobs/src/main.rs, cfg(target_arch = "wasm32")) is compiled only here
cargo clippy --locked --target wasm32-unknown-unknown -p neuralscope-jobs --bins -- -D warnings
echo "ok: formatted, and clippy finds nothing (native; the page's and the worker's wasm)"

step "2/5 native tests: cargo test --workspace"
cargo test --locked --workspace

step "3/5 browser tests: wasm-pack test --headless --chrome"
wasm_tests=$(ls tests/wasm_*.rs | xargs -n1 basename | sed 's/\.rs$//' | sed 's/^/--test /' | tr '\n' ' ')
# shellcheck disable=SC2086
wasm-pack test --headless --chrome --mode no-install -- --locked $wasm_tests

step "4/5 release build: trunk build --release"
cargo fetch --locked --quiet
trunk build --release --offline
bash scripts/size.sh

step "5/5 end-to-end: Playwright + headless chromium on dist/"
e2e_log=$(mktemp)
(cd tests/e2e && npx playwright test) 2>&1 | tee "$e2e_log"
e2e_passed=$(grep -oE '^ *[0-9]+ passed' "$e2e_log" | grep -oE '[0-9]+' | tail -1)
printf '\ne2e: %s passed, 0 failed\n' "${e2e_passed:-0}"

step "then: cross-browser: Firefox ESR (WebDriver BiDi) and WebKitGTK (WebDriver, xvfb-run) on dist/"
cross_log=$(mktemp)
node tests/cross/run.mjs 2>&1 | tee "$cross_log"
printf '\ncross-browser: %s\n' "$(grep -oE '[0-9]+ passed, [0-9]+ failed' "$cross_log" | tail -1)"
