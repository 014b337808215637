#!/usr/bin/env bash
# Prints the size of what dist/ ships (wasm, js, css), raw and gzipped: what the
# page loads at start, the later part of its wasm (fetched once the first part runs:
# scripts/split_wasm.mjs), and the background jobs' worker (loaded when a job starts).
set -euo pipefail
cd "$(dirname "$0")/../dist"
total_raw=0; total_gz=0; worker_raw=0; worker_gz=0; later_raw=0; later_gz=0
printf '%-44s %10s %10s\n' "shipped file" "raw" "gzipped"
for f in $(ls *.wasm *.js *.css 2>/dev/null); do
  raw=$(stat -c %s "$f"); gz=$(gzip -9 -c "$f" | wc -c)
  case "$f" in
    neuralscope-worker*) worker_raw=$((worker_raw + raw)); worker_gz=$((worker_gz + gz)) ;;
    neuralscope-later-*) later_raw=$((later_raw + raw)); later_gz=$((later_gz + gz)) ;;
    *) total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz)) ;;
  esac
  printf '%-44s %8d KB %8d KB\n' "$f" $((raw / 1024)) $((gz / 1024))
done
printf '%-44s %8d KB %8d KB\n' "total loaded at start (wasm + js + css)" $((total_raw / 1024)) $((total_gz / 1024))
printf '%-44s %8d KB %8d KB\n' "the page wasm's later part (behind it)" $((later_raw / 1024)) $((later_gz / 1024))
printf '%-44s %8d KB %8d KB\n' "the jobs' worker (loaded by a first job)" $((worker_raw / 1024)) $((worker_gz / 1024))
