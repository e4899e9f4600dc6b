#!/usr/bin/python3
"""Search benchmark: shortlist-cli bench search, FAISS IndexFlatIP on the
same vectors when it was built, and the targets of issue 5 as ratios
measured in the same run.

Usage: search-bench.py CLI [FAISS|-] N
Exits 1 when a result is wrong (FAISS and Shortlist disagree, recall below
0.99) or a target is missed at this N.
"""
import json
import subprocess
import sys


def run(argv):
    out = subprocess.run(argv, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main():
    cli, faiss, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    queries = 20 if n <= 100000 else 30
    ours = run([cli, "--json", "bench", "search", "--n", str(n), "--queries", str(queries)])
    print(json.dumps(ours))
    failures = []

    def check(name, ok, text):
        print(f"{'PASS' if ok else 'FAIL'} {name}: {text}")
        if not ok:
            failures.append(name)

    check("compact recall@20", ours["compact_recall_at_20"] >= 0.99,
          f"{ours['compact_recall_at_20']:.4f} (target ≥ 0.99)")
    print(f"read bandwidth {ours['bandwidth_gbs']:.1f} GB/s, bound {ours['bound_ms']:.2f} ms; "
          f"sgemm {ours['sgemm_gflops']:.1f} GFLOP/s, batch bound {ours['batch_bound_ms']:.1f} ms")
    one_ratio = ours["one_query_ms"] / ours["bound_ms"]
    batch_ratio = ours["batch_ms"] / ours["batch_bound_ms"]
    compact_speedup = ours["one_query_ms"] / ours["compact_one_query_ms"]
    print(f"one query {ours['one_query_ms']:.2f} ms = {one_ratio:.2f}× bound; "
          f"batch {ours['batch_ms']:.1f} ms = {batch_ratio:.2f}× sgemm bound; "
          f"compact {ours['compact_one_query_ms']:.2f} ms = {compact_speedup:.2f}× faster")
    if n >= 1000000:
        check("one query within 1.25× of the bandwidth bound", one_ratio <= 1.25, f"{one_ratio:.2f}×")
        check("batch within 1.5× of the sgemm bound", batch_ratio <= 1.5, f"{batch_ratio:.2f}×")
        check("compact ≥ 3× faster than float", compact_speedup >= 3, f"{compact_speedup:.2f}×")
    if n == 100000:
        check("load of 100,000 vectors < 0.2 s", ours["load_s"] < 0.2, f"{ours['load_s']:.3f} s")

    if faiss != "-":
        theirs = run([faiss, str(n), str(ours["dim"]), str(queries), str(ours["batch"]), str(ours["k"])])
        print(json.dumps(theirs))
        check("same top-20 as FAISS", theirs["first_query_ids"] == ours["first_query_ids"], "first query")
        one_vs = theirs["faiss_one_query_ms"] / ours["one_query_ms"]
        batch_vs = theirs["faiss_batch_ms"] / ours["batch_ms"]
        print(f"FAISS IndexFlatIP: one query {theirs['faiss_one_query_ms']:.2f} ms ({one_vs:.2f}× ours), "
              f"batch {theirs['faiss_batch_ms']:.1f} ms ({batch_vs:.2f}× ours)")
        if n >= 1000000:
            check("one query ≥ 2× faster than FAISS", one_vs >= 2, f"{one_vs:.2f}×")
            check("batch not slower than FAISS", batch_vs >= 1, f"{batch_vs:.2f}×")
    else:
        print("FAISS not built: comparison skipped")

    if failures:
        print("missed: " + ", ".join(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
