#!/usr/bin/env bash
# Side by side on the same vectors, same machine, same run: streaming read bandwidth, our shard kernel
# (ShardIndex, fp32 and int8 + rescore) and FAISS IndexFlatIP; 1M × 512 and 1M × 768; one query, batches
# of 32 and 256; k = 10; one thread each. The two sides alternate ROUNDS times and the medians are reported.
# Usage: bench/run-faiss-comparison.sh [ROWS] [ROUNDS] [DIMS...]   (defaults: 1000000 3 512 768)
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-1000000}
ROUNDS=${2:-3}
shift $(( $# > 2 ? 2 : $# )) || true
DIMS=("${@:-512 768}")
[ ${#DIMS[@]} -eq 1 ] && read -r -a DIMS <<< "${DIMS[0]}"
WORK=${UMS_BENCH_DIR:-/tmp/ums-bench}
PY=/usr/bin/python3   # Debian's python: the python3 on PATH may be a pyenv without numpy

if ! $PY -c "import faiss, numpy" 2>/dev/null; then
  echo "installing python3-faiss python3-numpy (apt-get)" >&2
  SUDO=$([ "$(id -u)" -eq 0 ] && echo "" || echo sudo)
  $SUDO apt-get install -y python3-faiss python3-numpy libopenblas0-pthread >&2 \
    || { $SUDO apt-get update >&2 && $SUDO apt-get install -y python3-faiss python3-numpy libopenblas0-pthread >&2; }
fi

dotnet build -c Release bench -v q -nologo >&2
BENCH="dotnet bench/bin/Release/net10.0/UmsOrleans.Bench.dll"
OUT="$WORK/results-$(date +%Y%m%d-%H%M%S).jsonl"
mkdir -p "$WORK"
for DIM in "${DIMS[@]}"; do
  DIR="$WORK/v${ROWS}x${DIM}"
  [ -f "$DIR/meta.json" ] || $BENCH make-vectors --dir "$DIR" --rows "$ROWS" --dim "$DIM" --queries 256
  for ROUND in $(seq 1 "$ROUNDS"); do
    echo "dim $DIM round $ROUND/$ROUNDS: ours" >&2
    $BENCH kernel --dir "$DIR" --repeats 5 | tee -a "$OUT"
    echo "dim $DIM round $ROUND/$ROUNDS: faiss" >&2
    $PY bench/faiss_side.py --dir "$DIR" --repeats 5 --threads 1 | tee -a "$OUT"
  done
done
echo "machine: $(nproc) cores; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" 
echo "flags: $(grep -m1 '^flags' /proc/cpuinfo | tr ' ' '\n' | grep -E '^(sse4_2|avx|avx2|fma|f16c|avx512f|avx512bw|avx512_vnni|avx_vnni)$' | xargs)"
echo "BLAS: $(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3)"
$PY bench/summarize.py "$OUT"
echo "raw samples: $OUT" >&2
