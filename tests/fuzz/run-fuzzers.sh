#!/bin/sh
# run-fuzzers.sh (BINARY CORPUS_DIR SEED_DIR)...
# Runs each libFuzzer target for $FUZZ_SECONDS (60) seconds and stops at
# the first crash.
set -eu
seconds=${FUZZ_SECONDS:-60}
while [ $# -ge 3 ]; do
  binary=$1 corpus=$2 seeds=$3
  shift 3
  mkdir -p "$corpus"
  echo "== $(basename "$binary") for ${seconds}s"
  "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$corpus/../" "$corpus" "$seeds"
done
