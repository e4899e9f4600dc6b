#!/usr/bin/python3
# Import throughput: Shortlist's full import of N generated one-page PDF
# resumes (isolated extraction in pooled helpers, parsing, duplicate checks,
# originals, storing) against bare `pdftotext` run two at a time with
# `xargs -P2`, on the same files in the same run.
#
# Usage: bench-import.py SHORTLIST_CLI SL_GEN_DOCS [N] [ROUNDS]
# Prints files/s, peak RSS and the ratio; exits 1 if a file failed to import.

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

CLI, GEN = sys.argv[1:3]
N = int(sys.argv[3]) if len(sys.argv) > 3 else 200
ROUNDS = int(sys.argv[4]) if len(sys.argv) > 4 else 3


def tree_rss_kib(pid):
    """Resident memory of a process and all its descendants, in KiB."""
    total = 0
    stack = [pid]
    while stack:
        p = stack.pop()
        try:
            with open("/proc/%d/status" % p) as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            # Children are listed per thread: helpers are started by the
            # importer's worker threads, not by the main one.
            for task in os.listdir("/proc/%d/task" % p):
                with open("/proc/%d/task/%s/children" % (p, task)) as f:
                    stack.extend(int(c) for c in f.read().split())
        except (FileNotFoundError, ProcessLookupError):
            pass
    return total


def run_sampled(argv, **kwargs):
    """Runs argv, sampling the process tree's RSS every 5 ms; returns (seconds, peak KiB, proc)."""
    start = time.monotonic()
    proc = subprocess.Popen(argv, **kwargs)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, tree_rss_kib(proc.pid))
        time.sleep(0.005)
    return time.monotonic() - start, peak, proc


def main():
    if shutil.which("pdftotext") is None:
        print("pdftotext (poppler-utils) is needed for the reference")
        return 77
    tmp = tempfile.mkdtemp(prefix="bench-import-")
    try:
        docs = os.path.join(tmp, "docs")
        subprocess.run([GEN, "--resumes", str(N), "--format", "pdf", docs],
                       check=True, stdout=subprocess.DEVNULL)
        files = sorted(os.path.join(docs, f) for f in os.listdir(docs))
        # Warm the page cache so both sides read from memory.
        for path in files:
            with open(path, "rb") as f:
                f.read()

        ref_times, ref_peaks, our_times, our_peaks = [], [], [], []
        for round_ in range(ROUNDS):
            listing = "\n".join(files).encode()
            start = time.monotonic()
            proc = subprocess.Popen(["xargs", "-P2", "-I{}", "pdftotext", "{}", "/dev/null"],
                                    stdin=subprocess.PIPE)
            proc.stdin.write(listing)
            proc.stdin.close()
            peak = 0
            while proc.poll() is None:
                peak = max(peak, tree_rss_kib(proc.pid))
                time.sleep(0.005)
            ref_times.append(time.monotonic() - start)
            ref_peaks.append(peak)

            db = os.path.join(tmp, "round%d" % round_, "shortlist.db")
            os.makedirs(os.path.dirname(db))
            seconds, peak, proc = run_sampled([CLI, "--db", db, "--json", "import", docs],
                                              stdout=subprocess.PIPE)
            out = proc.stdout.read().decode()
            imported = out.count('"status":"imported"')
            if proc.returncode != 0 or imported != N:
                print("import failed: exit %d, %d of %d imported" % (proc.returncode, imported, N))
                return 1
            our_times.append(seconds)
            our_peaks.append(peak)

        ref = statistics.median(ref_times)
        ours = statistics.median(our_times)
        print("files: %d one-page PDF resumes, %d rounds (median), %d processors"
              % (N, ROUNDS, os.cpu_count()))
        print("pdftotext, xargs -P2:      %7.1f files/s   peak RSS %6.1f MiB (all processes)"
              % (N / ref, max(ref_peaks) / 1024))
        print("shortlist-cli import:      %7.1f files/s   peak RSS %6.1f MiB (CLI + helpers)"
              % (N / ours, max(our_peaks) / 1024))
        print("ratio (Shortlist / pdftotext): %.2fx  (target >= 1.0x)" % (ref / ours))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
