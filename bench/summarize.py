"""Medians and ratios of the side-by-side JSON lines (stdin or files) as a Markdown table. Standard library only."""
import json
import statistics
import sys
from collections import defaultdict

lines = [json.loads(line) for path in (sys.argv[1:] or ["-"])
         for line in (sys.stdin if path == "-" else open(path)) if line.startswith("{")]
samples = defaultdict(list)
info = {}
recalls = defaultdict(list)
for r in lines:
    if "recall" in r:
        recalls[(r["rows"], r["dim"], r["queries"])].append(r["recall"])
        continue
    key = (r["side"], r["dim"], r["case"], r.get("threads", 1))
    samples[key].extend(r["ms"])
    info[key] = r


def med(side, dim, case, threads=1):
    values = samples.get((side, dim, case, threads))
    return statistics.median(values) if values else None


def rate(dim, side, case, threads=1):
    """Vector·queries per second (millions)."""
    ms = med(side, dim, case, threads)
    if ms is None:
        return None
    r = info[(side, dim, case, threads)]
    return r["rows"] * max(1, r["batch"]) / (ms / 1000) / 1e6


def f(x, fmt="{:.2f}"):
    return "—" if x is None else fmt.format(x)


print("| vectors | case | ours: ms (median) | ours: M vec·q/s | GB/s scanned | FAISS: ms | FAISS: M vec·q/s | ours ÷ FAISS | ours ÷ read bandwidth |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
for dim in sorted({k[1] for k in samples}):
    rows = next(r["rows"] for k, r in info.items() if k[1] == dim)
    bw_ms = med("ums", dim, "bandwidth")
    bw = None if bw_ms is None else rows * dim * 4 / (bw_ms / 1000) / 1e9
    print(f"| {rows / 1e6:g}M × {dim} | streaming read (sum) | {f(bw_ms, '{:.1f}')} | | {f(bw)} | | | | 1.00 |")
    for kind in ("fp32", "int8"):
        for case in ("single", "batch8", "batch32", "batch256"):
            name = f"{kind}-{case}"
            ms = med("ums", dim, name)
            if ms is None:
                continue
            gbs = rows * dim * 4 / (ms / 1000) / 1e9 if case == "single" else None
            faiss_ms = med("faiss", dim, f"fp32-{case}")
            ours, theirs = rate(dim, "ums", name), rate(dim, "faiss", f"fp32-{case}")
            ratio = None if not theirs else ours / theirs
            vs_bw = None if (gbs is None or bw is None) else gbs / bw
            label = name + (" (GB/s = fp32 bytes covered)" if kind == "int8" and case == "single" else "")
            print(f"| {rows / 1e6:g}M × {dim} | {label} | {ms:.1f} | {f(ours)} | {f(gbs)} | {f(faiss_ms, '{:.1f}')} | {f(theirs)} | {f(ratio)}× | {f(vs_bw)} |")
counts = sorted({len(v) for v in samples.values()})
print(f"\nSamples per cell: {counts[0]}–{counts[-1]} (medians shown); one thread on each side.")
for (rows, dim, queries), values in sorted(recalls.items()):
    print(f"int8 + rescore, {rows / 1e6:g}M × {dim}: recall@10 against exact fp32 {min(values):.4f} (lowest of {len(values)} runs, {queries} queries each)")
