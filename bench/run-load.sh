#!/usr/bin/env bash
# End to end and cost growth: the gateway program in process (embedded silo, SQLite catalog in $UMS_BENCH_DIR),
# 512-d products bulk-loaded over 8 shards, closed-loop HTTP clients on loopback at several concurrencies.
# Usage: bench/run-load.sh [ROWS...]   (default: 100000 1000000 4000000)
# At 1M it also runs with shard micro-batching off (--max-batch 1), to show what batching buys, and with int8
# quantization (codes scanned for batches of up to 8 queries, fp32 rescore).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=("${@:-100000 1000000 4000000}")
[ ${#SIZES[@]} -eq 1 ] && read -r -a SIZES <<< "${SIZES[0]}"
WORK=${UMS_BENCH_DIR:-/tmp/ums-bench}
SECONDS_PER_LEVEL=${LOAD_SECONDS:-10}
dotnet build -c Release bench -v q -nologo >&2
BENCH="dotnet bench/bin/Release/net10.0/UmsOrleans.Bench.dll"
for ROWS in "${SIZES[@]}"; do
  $BENCH load --rows "$ROWS" --dim 512 --shards 8 --concurrency 1,4,16,64 --seconds "$SECONDS_PER_LEVEL" --work "$WORK"
  if [ "$ROWS" = 1000000 ]; then
    $BENCH load --rows "$ROWS" --dim 512 --shards 8 --concurrency 1,4,16,64 --seconds "$SECONDS_PER_LEVEL" --work "$WORK" --max-batch 1
    $BENCH load --rows "$ROWS" --dim 512 --shards 8 --concurrency 1,4,16,64 --seconds "$SECONDS_PER_LEVEL" --work "$WORK" --quantization int8
  fi
done
