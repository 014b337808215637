#!/usr/bin/env bash
# Runs crates/engine/examples/f32_sketch.rs as raw wasm (simd128, see .cargo/config.toml) under
# Node's V8, the engine of Chromium: the f32 sketch of the big case's training
# step against the engine's f64 trainer, best of 8 runs each, three times.
# A measurement for README "Speed"; not part of `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
cargo build --release --quiet -p neuralscope-engine --example f32_sketch --target wasm32-unknown-unknown
wasm="${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release/examples/f32_sketch.wasm"
node --input-type=module - "$wasm" <<'EOF'
import { readFileSync } from 'node:fs';
const module = await WebAssembly.compile(readFileSync(process.argv[2]));
const imports = { env: { now_ms: () => performance.now() } };
for (const imp of WebAssembly.Module.imports(module)) {
  imports[imp.module] ??= {};
  imports[imp.module][imp.name] ??= () => { throw new Error(`unexpected import ${imp.module}.${imp.name}`); };
}
const { exports: e } = await WebAssembly.instantiate(module, imports);
console.log(`node ${process.version} (V8 ${process.versions.v8}); the first round includes V8's warm-up`);
for (let i = 0; i < 4; i++) {
  const a = e.compare_f32(), b = e.last_f64();
  console.log(`best of 8: f32 sketch ${a.toFixed(0).padStart(6)} epochs/s | f64 engine ${b.toFixed(0).padStart(6)} epochs/s | ratio ${(a / b).toFixed(2)} (training loss after 300 epochs: sketch ${e.last_loss32().toFixed(4)}, engine ${e.last_loss64().toFixed(4)})`);
}
EOF
