#!/usr/bin/python3
"""End-to-end checks of shortlist-cli search, embed and bench search.

Usage: test-search.py SHORTLIST_CLI
"""
import json
import math
import os
import subprocess
import sys
import tempfile

CLI = sys.argv[1]
FAILURES = []


def run(*args, db=None):
    argv = [CLI, "--json"] + (["--db", db] if db else []) + list(args)
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=120)
    return proc.returncode, [json.loads(l) for l in proc.stdout.splitlines() if l.strip()], proc.stderr


def check(name, condition, detail=""):
    print(("ok " if condition else "not ok ") + name + (f" # {detail}" if detail and not condition else ""))
    if not condition:
        FAILURES.append(name)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        # The calls without --db open the default database: one of our own,
        # never the user's.
        os.environ["XDG_DATA_HOME"] = os.path.join(tmp, "data")
        db = os.path.join(tmp, "cli.db")
        people = [
            ("Ann Backend", "Berlin", ["Python", "AWS"], "5", "bachelor",
             "Backend engineer: Python, Django REST APIs, PostgreSQL on AWS."),
            ("Bob Frontend", "Dublin", ["JavaScript"], "2", "none",
             "Frontend developer with React, JS, TypeScript and CSS."),
            ("Cat Nurse", "Berlin", ["Patient care"], "8", "master",
             "Registered nurse in intensive care; patient assessment and triage."),
        ]
        for name, place, skills, years, education, text in people:
            args = ["candidate", "add", "--name", name, "--location", place, "--years", years,
                    "--education", education, "--text", text]
            for skill in skills:
                args += ["--skill", skill]
            status, _, err = run(*args, db=db)
            check(f"add {name}", status == 0, err)

        status, lines, err = run("embed", "--all", db=db)
        progress = [l["progress"] for l in lines if "progress" in l]
        check("embed --all exits 0", status == 0, err)
        check("embed --all reports progress up to 1", progress and progress[-1] == 1.0, lines)
        check("embed --all counts every candidate",
              lines and lines[-1].get("embedded") == len(people) and
              lines[-1].get("model") == "lexical-v1/512+skills", lines)

        status, lines, err = run("embed", "--all", db=db)
        check("embed --all again has nothing to do",
              status == 0 and not [l for l in lines if "progress" in l] and
              lines[-1].get("embedded") == len(people), lines)

        status, lines, err = run("embed", "--all", "--provider", "bedrock", db=db)
        error = json.loads(err.strip().splitlines()[-1]) if err.strip() else {}
        check("embed --all with bedrock switched off fails",
              status == 1 and error.get("error", {}).get("code") == "unavailable", err)

        status, lines, err = run("embed", "--all", "text", db=db)
        check("embed --all with a text is a usage error", status == 2, status)

        # Searches now use the vectors made above.
        status, lines, err = run("search", "python backend engineer", db=db)
        check("search exits 0", status == 0, err)
        check("search finds the backend engineer first", lines and lines[0]["name"] == "Ann Backend", lines)
        check("search lines have the stable keys",
              all(set(l) == {"candidate_id", "score", "name"} for l in lines), lines)
        check("scores are best first", all(a["score"] >= b["score"] for a, b in zip(lines, lines[1:])))

        status, lines, err = run("search", "JS developer", "--top", "1", db=db)
        check("search --top 1", status == 0 and len(lines) == 1 and lines[0]["name"] == "Bob Frontend", lines)

        status, lines, err = run("search", "care", "--filter", "location:berlin years>=3", db=db)
        check("filtered search", status == 0 and [l["name"] for l in lines] == ["Cat Nurse"], lines)

        status, lines, err = run("search", "engineer", "--filter", "skills:python,aws education>=bachelor", db=db)
        check("skills filter", status == 0 and [l["name"] for l in lines] == ["Ann Backend"], lines)

        status, lines, err = run("search", "engineer", "--filter", "years>=lots", db=db)
        error = json.loads(err.strip().splitlines()[-1]) if err.strip() else {}
        check("bad filter exits 2", status == 2, status)
        check("bad filter has code invalid_filter", error.get("error", {}).get("code") == "invalid_filter", err)

        status, lines, err = run("search", "   ", db=db)
        check("empty query exits 2", status == 2, status)

        status, lines, err = run("embed", "Senior Python developer")
        vector = lines[0]["vector"] if lines else []
        check("embed exits 0", status == 0, err)
        check("embed model and dimension",
              lines and lines[0]["model"] == "lexical-v1/512+skills" and lines[0]["dimension"] == len(vector) == 512)
        check("embed vector is unit length", abs(math.sqrt(sum(x * x for x in vector)) - 1) < 1e-4)

        status, lines, err = run("embed", "--provider", "bedrock", "text", db=db)
        error = json.loads(err.strip().splitlines()[-1]) if err.strip() else {}
        check("bedrock is unavailable", status == 1 and error.get("error", {}).get("code") == "unavailable", err)

        status, lines, err = run("bench", "search", "--n", "3000", "--dim", "64", "--queries", "3", "--batch", "4")
        keys = {"n", "dim", "one_query_ms", "batch_ms", "compact_one_query_ms", "compact_recall_at_20",
                "load_s", "bandwidth_gbs", "bound_ms"}
        check("bench search exits 0", status == 0, err)
        check("bench search reports every key", lines and keys <= set(lines[0]), lines)
        check("bench search recall", lines and lines[0]["compact_recall_at_20"] >= 0.99, lines)

    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
