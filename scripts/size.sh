#!/usr/bin/env bash
# Prints the size of what dist/ ships (wasm, js, css), raw and gzipped.
set -euo pipefail
cd "$(dirname "$0")/../dist"
total_raw=0; total_gz=0
printf '%-44s %10s %10s\n' "shipped file" "raw" "gzipped"
for f in $(ls *.wasm *.js *.css 2>/dev/null); do
  raw=$(stat -c %s "$f"); gz=$(gzip -9 -c "$f" | wc -c)
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz))
  printf '%-44s %8d KB %8d KB\n' "$f" $((raw / 1024)) $((gz / 1024))
done
printf '%-44s %8d KB %8d KB\n' "total (wasm + js + css)" $((total_raw / 1024)) $((total_gz / 1024))
