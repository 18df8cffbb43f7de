"""hnswlib side of the HNSW comparison: the same vectors.f32 / queries.f32 (make-vectors), the same M and
efConstruction, recall@10 against brute force, single-thread p50 and q/s per ef, and q/s on all threads — the shape of the C# `ann` verb.

Run with Debian's /usr/bin/python3 (python3-hnswlib, python3-numpy):
  python3 bench/hnswlib_side.py --dir /tmp/ums-bench/ann --rows 200000 --efs 32,64,128,256
"""
import argparse
import json
import os
import time

import hnswlib
import numpy as np

parser = argparse.ArgumentParser()
parser.add_argument("--dir", required=True)
parser.add_argument("--rows", type=int, default=0)
parser.add_argument("--m", type=int, default=16)
parser.add_argument("--ef-construction", type=int, default=200)
parser.add_argument("--efs", default="16,32,64,128,256")
parser.add_argument("--threads", type=int, default=os.cpu_count())
args = parser.parse_args()

K = 10
meta = json.load(open(os.path.join(args.dir, "meta.json")))
dim, nq = meta["dim"], meta["queries"]
rows = min(args.rows or meta["rows"], meta["rows"])
vectors = np.fromfile(os.path.join(args.dir, "vectors.f32"), dtype="<f4", count=rows * dim).reshape(rows, dim)
queries = np.fromfile(os.path.join(args.dir, "queries.f32"), dtype="<f4").reshape(nq, dim)
print(f"hnswlib {rows:,} x {dim}, {nq} queries, k = {K}, M = {args.m}, efConstruction = {args.ef_construction}, {args.threads} threads")

truth = [set(np.argpartition(-(vectors @ q), K)[:K]) for q in queries]

index = hnswlib.Index(space="ip", dim=dim)
index.init_index(max_elements=rows, M=args.m, ef_construction=args.ef_construction)
start = time.perf_counter()
index.add_items(vectors, np.arange(rows), num_threads=args.threads)
build = time.perf_counter() - start
print(f"graph built in {build:.1f} s ({rows / build:.0f} rows/s on {args.threads} threads)")

print("| ef | recall@10 | p50, 1 thread | q/s, 1 thread | q/s, all threads |")
index.set_num_threads(1)
for ef in (int(e) for e in args.efs.split(",")):
    index.set_ef(ef)
    for q in queries[:20]:
        index.knn_query(q, k=K)
    times, hits = [], 0
    for i, q in enumerate(queries):
        t = time.perf_counter()
        labels, _ = index.knn_query(q, k=K)
        times.append((time.perf_counter() - t) * 1000)
        hits += len(truth[i].intersection(labels[0].tolist()))
    # all threads: the queries ×4 in one knn_query call (hnswlib's own thread pool, one query per thread at a time)
    index.set_num_threads(args.threads)
    many = np.tile(queries, (4, 1))
    t = time.perf_counter()
    index.knn_query(many, k=K, num_threads=args.threads)
    all_threads = len(many) / (time.perf_counter() - t)
    index.set_num_threads(1)
    print(f"| {ef} | {hits / (K * nq):.3f} | {sorted(times)[len(times) // 2]:.3f} ms | {1000 / (sum(times) / len(times)):.0f} | {all_threads:.0f} |")
