#!/usr/bin/env bash
# Sets up what is missing, then runs every test:
#   1. the engine wall (src/engine names no web crate)
#   2. native cargo test (engine, rendering to SVG)
#   3. browser tests: wasm-pack test --headless --chrome
#   4. a release trunk build, and the size of what it ships
#   5. end-to-end tests: Playwright drives the built app in Debian's headless chromium
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
export PATH="$HOME/.cargo/bin:$PWD/.tools/node_modules/.bin:$PATH"
export CHROMEDRIVER="$(command -v chromedriver)"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "1/5 engine wall: src/engine names no web crate"
if grep -rnE '\b(leptos|web_sys|js_sys|wasm_bindgen|plotters)\b' src/engine; then
  echo "src/engine must stay pure Rust: the lines above name a web crate." >&2; exit 1
fi
echo "ok: src/engine is pure"

step "2/5 native tests: cargo test"
cargo test --locked

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
