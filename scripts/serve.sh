#!/usr/bin/env bash
# Sets up what is missing, then builds and serves the app with trunk on http://127.0.0.1:$PORT
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-8080}
bash scripts/setup.sh app
export PATH="$HOME/.cargo/bin:$PWD/.tools/node_modules/.bin:$PATH"
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  echo "[serve] Port $PORT on 127.0.0.1 is already taken (another trunk serve, or another program)." >&2
  echo "[serve] Stop that program, or choose another port:  make serve PORT=8081" >&2
  exit 1
fi
echo "[serve] building and serving NeuralScope on http://127.0.0.1:$PORT/  (Ctrl+C stops)"
cargo fetch --locked --quiet
# --no-autoreload: trunk would inject an inline live-reload script whose text it
# rewrites per request (the Host header), so no hash in the page's strict
# Content-Security-Policy can allow it; the served page is then exactly the built one.
exec trunk serve --release --offline --no-autoreload --port "$PORT" "$@"
