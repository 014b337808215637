#!/usr/bin/env bash
# Installs what NeuralScope needs, at pinned versions, skipping what is already there.
#   scripts/setup.sh app   -> what `make serve` needs (wasm32 target, trunk, wasm-bindgen-cli, wasm-opt)
#   scripts/setup.sh test  -> the above plus chromium, chromedriver, wasm-pack, Playwright,
#                             firefox-esr, WebKitWebDriver + MiniBrowser, xvfb-run (the cross-browser step)
# Each step prints "skip" or "install"; a failed step stops with the tool's name and the command.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130   # must equal the wasm-bindgen version in Cargo.lock
WASM_PACK_VERSION=0.15.1
BINARYEN_VERSION=132.0.0       # npm package; Debian's wasm-opt 108 breaks the app
WASM_SPLIT_VERSION=108-1       # Debian's binaryen, for its wasm-split only (scripts/split_wasm.mjs)
PLAYWRIGHT_VERSION=1.65.1      # must equal tests/e2e/package.json

want=${1:-app}
export PATH="$HOME/.cargo/bin:$PWD/.tools/node_modules/.bin:$PATH"

say()  { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
run()  { # run NAME CMD...: run a step; on failure name the tool and the command, show the log tail
  local name=$1; shift
  local log; log=$(mktemp)
  say "install $name: $*"
  if ! "$@" >"$log" 2>&1; then
    tail -n 25 "$log" >&2
    printf '\n[setup] FAILED to install %s.\n[setup] command: %s\n[setup] full log: %s\n' "$name" "$*" "$log" >&2
    exit 1
  fi
  rm -f "$log"
}
have_version() { # have_version CMD EXPECTED: true when `CMD --version` mentions EXPECTED
  command -v "$1" >/dev/null 2>&1 && "$1" --version 2>/dev/null | grep -q -- "$2"
}

lock_bindgen=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock 2>/dev/null || true)
if [ -n "$lock_bindgen" ] && [ "$lock_bindgen" != "$WASM_BINDGEN_VERSION" ]; then
  echo "[setup] Cargo.lock has wasm-bindgen $lock_bindgen but setup pins $WASM_BINDGEN_VERSION: make them equal." >&2
  exit 1
fi

# 1. the wasm32 target (rust-toolchain.toml names it; rustup adds it on first use, this makes it explicit)
if rustup target list --installed 2>/dev/null | grep -q '^wasm32-unknown-unknown$'; then
  say "skip wasm32-unknown-unknown target (installed)"
else
  run "wasm32 target" rustup target add wasm32-unknown-unknown
fi

# 2. trunk
if have_version trunk "$TRUNK_VERSION"; then say "skip trunk $TRUNK_VERSION (installed)"
else run "trunk $TRUNK_VERSION" cargo install trunk --version "$TRUNK_VERSION" --locked; fi

# 3. wasm-bindgen-cli (without --locked: its lockfile pins a crate the registry lacks)
if have_version wasm-bindgen "$WASM_BINDGEN_VERSION"; then say "skip wasm-bindgen-cli $WASM_BINDGEN_VERSION (installed)"
else run "wasm-bindgen-cli $WASM_BINDGEN_VERSION" cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"; fi

# 4. wasm-opt from npm binaryen, in .tools/ (ahead of Debian's on PATH)
if [ -x .tools/node_modules/.bin/wasm-opt ] && .tools/node_modules/.bin/wasm-opt --version | grep -q "version ${BINARYEN_VERSION%%.*}"; then
  say "skip wasm-opt (binaryen $BINARYEN_VERSION installed in .tools/)"
else
  mkdir -p .tools
  run "wasm-opt (npm binaryen $BINARYEN_VERSION)" npm install --prefix .tools --no-audit --no-fund --no-save "binaryen@$BINARYEN_VERSION"
fi

# 4b. wasm-split from Debian's binaryen (npm's binaryen has none): the page wasm in two parts,
#     the first what a first visit runs (scripts/split_wasm.mjs). Without it the page ships in
#     one part, which serves; the tests need the two parts.
if [ -x /usr/bin/wasm-split ] && /usr/bin/wasm-split --version 2>/dev/null | grep -q "version ${WASM_SPLIT_VERSION%%-*}"; then
  say "skip wasm-split (Debian binaryen $WASM_SPLIT_VERSION installed)"
else
  if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
  if [ "$want" = test ]; then
    run "apt package lists" $SUDO apt-get update
    run "wasm-split (Debian binaryen $WASM_SPLIT_VERSION)" env DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "binaryen=$WASM_SPLIT_VERSION"
  elif ! { $SUDO apt-get update >/dev/null 2>&1 && env DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "binaryen=$WASM_SPLIT_VERSION" >/dev/null 2>&1; }; then
    say "could not install wasm-split (Debian package binaryen $WASM_SPLIT_VERSION): the page wasm will ship in one part"
  fi
fi

if [ "$want" = test ]; then
  # 5. chromium + chromedriver from Debian
  if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
    say "skip chromium, chromium-driver (installed: $(chromium --version 2>/dev/null | head -1))"
  else
    if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
    run "apt package lists" $SUDO apt-get update
    run "chromium, chromium-driver" env DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends chromium chromium-driver
  fi
  # 5b. Firefox ESR (driven over WebDriver BiDi by puppeteer-core), WebKitGTK's WebDriver with its
  #     MiniBrowser (the engine of Safari) and xvfb-run (a display for them): Debian's, like chromium
  cross_missing=()
  command -v firefox-esr >/dev/null || cross_missing+=(firefox-esr)
  command -v WebKitWebDriver >/dev/null || cross_missing+=(webkit2gtk-driver)
  command -v xvfb-run >/dev/null || cross_missing+=(xvfb)
  if [ ${#cross_missing[@]} -eq 0 ]; then
    say "skip firefox-esr, webkit2gtk-driver, xvfb (installed: $(firefox-esr --version 2>/dev/null | head -1); webkit2gtk-driver $(dpkg-query -W -f='${Version}' webkit2gtk-driver 2>/dev/null))"
  else
    if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
    run "apt package lists" $SUDO apt-get update
    for pkg in "${cross_missing[@]}"; do
      run "$pkg" env DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "$pkg"
    done
  fi
  # 6. wasm-pack
  if have_version wasm-pack "$WASM_PACK_VERSION"; then say "skip wasm-pack $WASM_PACK_VERSION (installed)"
  else run "wasm-pack $WASM_PACK_VERSION" cargo install wasm-pack --version "$WASM_PACK_VERSION" --locked; fi
  # 7. Playwright (the npm client only; it drives Debian's chromium, never downloads a browser)
  pw_installed=$(node -p "require('./tests/e2e/node_modules/@playwright/test/package.json').version" 2>/dev/null || true)
  if [ "$pw_installed" = "$PLAYWRIGHT_VERSION" ]; then
    say "skip Playwright $PLAYWRIGHT_VERSION (installed in tests/e2e/node_modules)"
  else
    run "Playwright (npm ci in tests/e2e)" env PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --prefix tests/e2e --no-audit --no-fund
  fi
fi
say "ready ($want)"
