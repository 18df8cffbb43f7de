"""Side-by-side table of the HNSW comparison (bench/run-hnsw-comparison.sh): reads the output of our `ann` verb,
of bench/hnswlib_side.py and (optionally) of `load --index hnsw --dir …` runs, and prints one markdown table plus
"ours at equal recall vs hnswlib" ratios (q/s interpolated linearly in recall between neighbouring ef values).

  python3 bench/hnsw_table.py --ours ann.txt --hnswlib hnswlib.txt [--http http.txt] [--pick-ef 0.95]
--pick-ef R prints only the smallest ef of ours whose recall@10 is >= R (the largest ef if none), for the script.
"""
import argparse
import re

parser = argparse.ArgumentParser()
parser.add_argument("--ours", required=True)
parser.add_argument("--hnswlib")
parser.add_argument("--http", nargs="*", default=[])
parser.add_argument("--pick-ef", type=float)
args = parser.parse_args()


def num(text):
    return float(re.sub(r"[^0-9.]", "", text))


def read_ann(path):
    rows, build, header = {}, None, ""
    for line in open(path):
        line = line.strip()
        m = re.search(r"graph built in ([0-9.]+) s \(([0-9.]+) rows/s", line)
        if m:
            build = (float(m.group(1)), float(m.group(2)))
        if line.startswith(("hnswlib ", "200", "1", "2", "3", "4", "5", "6", "7", "8", "9")) and "queries" in line:
            header = line
        cells = [c.strip() for c in line.strip("|").split("|")] if line.startswith("|") else []
        if len(cells) >= 4 and cells[0].isdigit():
            all_cores = num(cells[4]) if len(cells) > 4 and re.fullmatch(r"[0-9.]+", cells[4]) else None
            rows[int(cells[0])] = dict(recall=float(cells[1]), p50=num(cells[2]), qps=num(cells[3]), all=all_cores)
    return rows, build, header


def at_recall(rows, target):
    """q/s at a recall, linear between the two ef values around it; None when the recall is never reached."""
    points = sorted((r["recall"], r["qps"]) for r in rows.values())
    for (r0, q0), (r1, q1) in zip(points, points[1:]):
        if r0 <= target <= r1 and r1 > r0:
            return q0 + (q1 - q0) * (target - r0) / (r1 - r0)
    for r, q in points:
        if abs(r - target) < 1e-9:
            return q
    return None


ours, ours_build, ours_header = read_ann(args.ours)
if args.pick_ef is not None:
    good = [ef for ef, r in sorted(ours.items()) if r["recall"] >= args.pick_ef]
    print(good[0] if good else max(ours))
    raise SystemExit(0)

theirs, their_build, their_header = read_ann(args.hnswlib) if args.hnswlib else ({}, None, "")
print(f"ours: {ours_header}")
print(f"hnswlib: {their_header}")
print()
print("| | ours (USearch graph in a ShardIndex) | hnswlib 0.6.2 | ours ÷ hnswlib |")
print("|---|---:|---:|---:|")
if ours_build and their_build:
    print(f"| graph build, all cores | {ours_build[1]:,.0f} rows/s ({ours_build[0]:.0f} s) | {their_build[1]:,.0f} rows/s ({their_build[0]:.0f} s) | {ours_build[1] / their_build[1]:.2f} × |")
print()
print("| ef | ours recall@10 | ours p50, 1 thread | ours q/s, 1 thread | hnswlib recall@10 | hnswlib p50, 1 thread | hnswlib q/s, 1 thread | hnswlib q/s, all threads | q/s ours ÷ hnswlib (same ef) |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for ef in sorted(set(ours) | set(theirs)):
    o, t = ours.get(ef), theirs.get(ef)
    cell = lambda r, k, f: (f.format(r[k]) if r and r.get(k) is not None else "—")
    ratio = f"{o['qps'] / t['qps']:.2f} ×" if o and t else "—"
    ours_qps = cell(o, "qps", "{:,.0f}") + (f" ({o['all']:,.0f} on all cores)" if o and o.get("all") else "")
    print(f"| {ef} | {cell(o, 'recall', '{:.3f}')} | {cell(o, 'p50', '{:.3f} ms')} | {ours_qps} | {cell(t, 'recall', '{:.3f}')} | {cell(t, 'p50', '{:.3f} ms')} | {cell(t, 'qps', '{:,.0f}')} | {cell(t, 'all', '{:,.0f}')} | {ratio} |")
print()
print("At equal recall (q/s, 1 thread, interpolated between ef values):")
print()
print("| recall@10 | ours q/s | hnswlib q/s | ours ÷ hnswlib |")
print("|---:|---:|---:|---:|")
for target in (0.80, 0.90, 0.95, 0.98):
    a, b = at_recall(ours, target), at_recall(theirs, target)
    fmt = lambda v: f"{v:,.0f}" if v else "not reached"
    print(f"| {target:.2f} | {fmt(a)} | {fmt(b)} | {f'{a / b:.2f} ×' if a and b else '—'} |")

def loaded(load):
    if not load:
        return "load rate not found"
    if load.group(3):
        return f"written straight to SQLite, then the shard loaded and built its graph: {load.group(1)} s in all, {load.group(2)} products/s"
    return f"loaded through ClusterCatalog.UpsertAsync at {load.group(2)} products/s, graph built during the upserts"


for path in args.http:
    text = open(path).read()
    recall = re.search(r"recall@10 over HTTP against the exact answers \(.*?ef (\d+)( [a-z0-9]+)?\): ([0-9.]+)", text)
    load = re.search(r"loaded in ([0-9]+) s \(([0-9,]+) products/s(; written to SQLite in [0-9]+ s)?", text)
    rows = [[c.strip() for c in l.strip().strip("|").split("|")] for l in text.splitlines() if l.startswith("| ") and "hnsw" in l]
    if not recall or not rows:
        print(f"\n(no HNSW HTTP result in {path})")
        continue
    ef, http_recall = int(recall.group(1)), float(recall.group(3))
    single = at_recall(theirs, http_recall)
    all_threads = None
    if theirs:
        pts = sorted((r["recall"], r["all"]) for r in theirs.values() if r.get("all"))
        for (r0, q0), (r1, q1) in zip(pts, pts[1:]):
            if r0 <= http_recall <= r1 and r1 > r0:
                all_threads = q0 + (q1 - q0) * (http_recall - r0) / (r1 - r0)
    print()
    generator = re.search(r"# load generator: (.*?), in this", text)
    generator = f"; load generator {generator.group(1)} on the same cores" if generator else ""
    print(f"Ours over HTTP (embedded gateway, k = 10, {rows[0][2]} shard(s), collection ef {ef}; {loaded(load)}{generator}), recall@10 over HTTP {http_recall:.3f}:")
    print()
    print("| clients | q/s | p50 ms | p99 ms | ÷ hnswlib in process, 1 thread, same recall | ÷ hnswlib in process, all threads, same recall |")
    print("|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        qps = float(r[7])
        a = f"{qps / single:.2f} × (of {single:,.0f})" if single else "—"
        b = f"{qps / all_threads:.2f} × (of {all_threads:,.0f})" if all_threads else "—"
        print(f"| {r[4]} | {qps:,.1f} | {r[8]} | {r[9]} | {a} | {b} |")
