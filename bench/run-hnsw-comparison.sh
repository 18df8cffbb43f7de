#!/usr/bin/env bash
# HNSW side by side on the same embedding-like vectors (make-vectors --intrinsic 32), same machine, same run: our
# `ann` verb (one shard's USearch graph) and hnswlib (Debian python3-hnswlib 0.6.2, bench/hnswlib_side.py), same M and
# efConstruction: graph build rows/s, per ef recall@10, single-thread p50 and q/s; then ours end to end over HTTP
# (`load --index hnsw --dir …`: the gateway program with an embedded silo, one shard, k = 10) at concurrency 1, 16 and 32
# (load generator: wrk, C, on the same cores),
# with the collection's ef set to our smallest ef reaching recall@10 >= 0.95 in the `ann` run.
# Usage: bench/run-hnsw-comparison.sh [ROWS] [EFS]   (defaults: 200000 16,32,64,128,256; M=16 EFC=200 SHARDS=1
# PRECISION=i8 (our graph's vectors: i8, bf16 or f16) SKIP_HNSWLIB=<an earlier hnswlib.txt of the same vectors>
# CLIENT=wrk (the HTTP load generator: wrk, or dotnet for .NET's HttpClient) CONCURRENCY=1,16,32 env)
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-200000}
EFS=${2:-16,32,64,128,256}
M=${M:-16}
EFC=${EFC:-200}
PRECISION=${PRECISION:-i8}
SHARDS=${SHARDS:-1}
HTTP_SECONDS=${HTTP_SECONDS:-10}
CLIENT=${CLIENT:-wrk}
CONCURRENCY=${CONCURRENCY:-1,16,32}
WORK=${UMS_BENCH_DIR:-/tmp/ums-bench}
PY=/usr/bin/python3   # Debian's python: the python3 on PATH may be a pyenv without numpy

if ! $PY -c "import hnswlib, numpy" 2>/dev/null; then
  echo "installing python3-hnswlib python3-numpy (apt-get)" >&2
  SUDO=$([ "$(id -u)" -eq 0 ] && echo "" || echo sudo)
  $SUDO apt-get install -y python3-hnswlib python3-numpy >&2 \
    || { $SUDO apt-get update >&2 && $SUDO apt-get install -y python3-hnswlib python3-numpy >&2; }
fi

if [ "$CLIENT" = wrk ] && [ ! -x /usr/bin/wrk ]; then
  echo "installing wrk (apt-get)" >&2
  SUDO=$([ "$(id -u)" -eq 0 ] && echo "" || echo sudo)
  $SUDO apt-get install -y wrk >&2 || { $SUDO apt-get update >&2 && $SUDO apt-get install -y wrk >&2; }
fi

dotnet build -c Release bench -v q -nologo >&2
BENCH="dotnet bench/bin/Release/net10.0/UmsOrleans.Bench.dll"
DIR="$WORK/ann-${ROWS}x512-i32"
OUT="$WORK/hnsw-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
[ -f "$DIR/meta.json" ] || $BENCH make-vectors --dir "$DIR" --rows "$ROWS" --dim 512 --intrinsic 32 --queries 256
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$OUT/machine.txt"
echo "ours (ann)" >&2
$BENCH ann --dir "$DIR" --rows "$ROWS" --m "$M" --ef-construction "$EFC" --ef 64 --efs "$EFS" --precision "$PRECISION" | tee "$OUT/ours.txt"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/machine.txt"
if [ -n "${SKIP_HNSWLIB:-}" ]; then
  echo "hnswlib: from $SKIP_HNSWLIB (an earlier run on the same vectors)" >&2
  cp "$SKIP_HNSWLIB" "$OUT/hnswlib.txt"
else
  echo "hnswlib" >&2
  $PY bench/hnswlib_side.py --dir "$DIR" --rows "$ROWS" --m "$M" --ef-construction "$EFC" --efs "$EFS" | tee "$OUT/hnswlib.txt"
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/machine.txt"
EF=$($PY bench/hnsw_table.py --ours "$OUT/ours.txt" --pick-ef 0.95)
echo "ours over HTTP, collection ef $EF" >&2
$BENCH load --dir "$DIR" --rows "$ROWS" --shards "$SHARDS" --index hnsw --m "$M" --ef-construction "$EFC" --ef "$EF" --precision "$PRECISION" \
  --bulk true --concurrency "$CONCURRENCY" --client "$CLIENT" --seconds "$HTTP_SECONDS" --work "$WORK" 2>"$OUT/http.log" | tee "$OUT/http.txt"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/machine.txt"
echo
echo "machine: $(nproc) cores; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(tr '\n' ' ' < "$OUT/machine.txt")"
$PY bench/hnsw_table.py --ours "$OUT/ours.txt" --hnswlib "$OUT/hnswlib.txt" --http "$OUT/http.txt" | tee "$OUT/table.md"
echo "raw output: $OUT" >&2
