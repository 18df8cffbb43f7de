"""FAISS side of the side-by-side run: IndexFlatIP on the same vectors.f32 / queries.f32, k = 10.

Run with Debian's /usr/bin/python3 (python3-faiss, python3-numpy). Prints one JSON line per case, in the
same shape as the C# runner. Threads: --threads (default 1, to compare per core; BLAS threads follow it).
"""
import argparse
import json
import os
import sys
import time

parser = argparse.ArgumentParser()
parser.add_argument("--dir", required=True)
parser.add_argument("--repeats", type=int, default=5)
parser.add_argument("--threads", type=int, default=1)
args = parser.parse_args()

# BLAS reads these when it loads, so set them before importing faiss/numpy.
for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[name] = str(args.threads)

import numpy as np  # noqa: E402
import faiss  # noqa: E402

faiss.omp_set_num_threads(args.threads)
meta = json.load(open(os.path.join(args.dir, "meta.json")))
rows, dim, nq = meta["rows"], meta["dim"], meta["queries"]
vectors = np.memmap(os.path.join(args.dir, "vectors.f32"), dtype="<f4", mode="r", shape=(rows, dim))
queries = np.fromfile(os.path.join(args.dir, "queries.f32"), dtype="<f4").reshape(nq, dim)
index = faiss.IndexFlatIP(dim)
for start in range(0, rows, 65536):
    index.add(np.ascontiguousarray(vectors[start:start + 65536]))
del vectors
K = 10


def timed(repeats, action):
    action()
    samples = []
    for _ in range(repeats):
        t = time.perf_counter()
        action()
        samples.append((time.perf_counter() - t) * 1000)
    return samples


def emit(case, batch, samples):
    print(json.dumps({"side": "faiss", "case": case, "rows": rows, "dim": dim, "batch": batch,
                      "bytes": rows * dim * 4, "threads": args.threads, "ms": samples}), flush=True)


counter = [0]


def one():
    i = counter[0] % nq
    counter[0] += 1
    index.search(queries[i:i + 1], K)


emit("fp32-single", 1, timed(args.repeats * 2, one))
for batch in (32, 256):
    q = np.ascontiguousarray(queries[:batch])
    emit(f"fp32-batch{batch}", batch, timed(max(3, args.repeats // 2) if batch >= 256 else args.repeats, lambda: index.search(q, K)))
print(f"faiss {faiss.__version__}, threads {args.threads}", file=sys.stderr)
