#!/usr/bin/python3
# End-to-end test of `shortlist-cli import`, `candidate show|delete` and
# `job add --file|show` against a real database, real helper processes and
# generated documents (good and hostile).
#
# Usage: test-import.py SHORTLIST_CLI SL_GEN_DOCS DATA_DIR

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

CLI, GEN, DATA = sys.argv[1:4]
failures = []


def check(condition, what):
    if not condition:
        failures.append(what)
        print("not ok -", what, flush=True)


def run(db, *args):
    proc = subprocess.run([CLI, "--db", db, "--json", *args],
                          capture_output=True, text=True, timeout=300)
    lines = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    return proc.returncode, lines, proc.stderr


def count_originals(tmp):
    root = os.path.join(tmp, "originals")
    return sum(len(files) for _, _, files in os.walk(root))


def main():
    tmp = tempfile.mkdtemp(prefix="test-cli-import-")
    try:
        db = os.path.join(tmp, "shortlist.db")
        good = os.path.join(tmp, "good")
        bad = os.path.join(tmp, "bad")
        expected = {}
        for fmt, first in (("pdf", 0), ("pdf2", 3), ("docx", 6), ("odt", 9), ("txt", 12)):
            out = subprocess.run([GEN, "--resumes", "3", "--first", str(first), "--format", fmt, good],
                                 check=True, capture_output=True, text=True).stdout
            for line in out.splitlines():
                name, person, email, phone = line.split("\t")
                expected[name] = (person, email, phone)
        subprocess.run([GEN, "--hostile", bad], check=True)
        shutil.copy(os.path.join(DATA, "import", "tomas-reyes-nurse.json"), good)

        # A folder of good files: every file imported, exit 0.
        status, lines, _ = run(db, "import", good)
        check(status == 0, "good folder exits 0 (got %d)" % status)
        check(len(lines) == len(expected) + 1, "one line per good file")
        for line in lines:
            check(line["status"] == "imported", "%s imported" % line["path"])
            check(isinstance(line.get("candidate_id"), int), "candidate_id is a number")
        ids = {os.path.basename(l["path"]): l["candidate_id"] for l in lines}

        # The show contract.
        keys = {"id", "name", "emails", "phones", "links", "location", "skills", "years_experience",
                "education_level", "experiences", "certifications", "languages"}
        levels = {"none", "high_school", "associate", "bachelor", "master", "doctorate"}
        month = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
        for name, (person, email, phone) in expected.items():
            status, shown, _ = run(db, "candidate", "show", str(ids[name]))
            check(status == 0 and len(shown) == 1, "candidate show %s" % name)
            c = shown[0]
            check(keys <= set(c), "show has every key for %s" % name)
            check(c["education_level"] in levels, "education_level is a level")
            check(email in c["emails"], "%s: e-mail %s parsed" % (name, email))
            for e in c["experiences"]:
                check(set(e) >= {"title", "company", "start", "end"}, "experience keys")
                for d in (e["start"], e["end"]):
                    check(d is None or month.match(d), "month %r is YYYY-MM" % d)
        status, shown, _ = run(db, "candidate", "show", str(ids["tomas-reyes-nurse.json"]))
        check(shown[0]["name"] == "Tomás Reyes", "JSON Resume name in UTF-8")
        check(any(e["start"] == "2021-05" for e in shown[0]["experiences"]), "JSON Resume work history")

        # Hostile files: each its code, the batch goes on, exit 1.
        extra = os.path.join(tmp, "extra.txt")
        with open(extra, "w") as f:
            f.write("Pat Example\npat.example@example.org\n+1 555 010 7777\nSKILLS\nPython\n")
        missing = os.path.join(tmp, "missing.pdf")
        status, lines, _ = run(db, "import", bad, extra, missing)
        check(status == 1, "hostile batch exits 1 (got %d)" % status)
        by_name = {os.path.basename(l["path"]): l for l in lines}
        codes = {"truncated.pdf": "corrupt", "zip-bomb.docx": "too_large", "encrypted.pdf": "encrypted",
                 "scanned.pdf": "no_text", "entities.docx": "corrupt", "nested.docx": "corrupt",
                 "binary.pdf": "unsupported", "empty.txt": "empty", "oversized.txt": "too_large",
                 "missing.pdf": "not_found"}
        for name, code in codes.items():
            line = by_name.get(name)
            check(line is not None and line["status"] == "error", "%s is an error" % name)
            if line:
                check(line["error"]["code"] == code,
                      "%s gives %s (got %s)" % (name, code, line["error"]["code"]))
                check(line["error"]["message"] != "", "%s has a message" % name)
        check(by_name["extra.txt"]["status"] == "imported", "good file in a bad batch imported")

        # Duplicates: same file, same person; exit 0.
        originals = count_originals(tmp)
        copy = os.path.join(tmp, "copy.pdf")
        shutil.copy(os.path.join(good, "resume-0000.pdf"), copy)
        same_person = os.path.join(tmp, "same-person.txt")
        with open(same_person, "w") as f:
            f.write("Somebody\n%s\nNothing else in common\n" % expected["resume-0001.pdf"][1])
        status, lines, _ = run(db, "import", copy, same_person)
        check(status == 0, "duplicates exit 0")
        check(lines[0]["status"] == "duplicate" and lines[0]["duplicate_of"] == ids["resume-0000.pdf"],
              "same file is a duplicate of its candidate")
        dup = [l for l in lines if l["path"] == same_person][0]
        check(dup["status"] == "duplicate" and dup["duplicate_of"] == ids["resume-0001.pdf"],
              "same e-mail is a duplicate of that candidate")
        check(count_originals(tmp) == originals, "duplicates keep no originals")

        # Jobs from files; applications.
        status, lines, _ = run(db, "job", "add", "--file", os.path.join(DATA, "import", "job_desc_java_developer.pdf"))
        check(status == 0, "job add --file")
        job_id = lines[0]["job_id"]
        status, lines, _ = run(db, "job", "show", str(job_id))
        job = lines[0]
        for key in ("mandatory_skills", "preferred_skills", "min_years", "education_level", "location",
                    "remote", "salary_min", "salary_max", "currency", "seniority"):
            check(key in job, "job show has %s" % key)
        check("Java" in job["mandatory_skills"] + job["preferred_skills"], "job skills parsed")
        status, lines, _ = run(db, "job", "edit", str(job_id), "--description", "Must have Rust and 7+ years.")
        check(status == 0 and "Rust" in lines[0]["mandatory_skills"] and lines[0]["min_years"] == 7,
              "job edit parses the new description")
        status, lines, _ = run(db, "job", "add", "--file", os.path.join(bad, "encrypted.pdf"))
        check(status == 1, "job add --file of an encrypted PDF fails")
        status, lines, _ = run(db, "import", "--job", str(job_id), copy)
        check(status == 0 and lines[0]["status"] == "duplicate", "import --job links a duplicate")
        status, _, err = run(db, "import", "--job", "9999", copy)
        check(status == 2, "unknown job is refused with 2 (got %d)" % status)
        status, _, _ = run(db, "import")
        check(status == 2, "import without paths is a usage error")

        # Erasure removes the original.
        before = count_originals(tmp)
        status, _, _ = run(db, "candidate", "delete", str(ids["resume-0002.pdf"]))
        check(status == 0, "candidate delete")
        check(count_originals(tmp) == before - 1, "erasure removes the original file")
        status, _, _ = run(db, "candidate", "show", str(ids["resume-0002.pdf"]))
        check(status == 1, "erased candidate is gone")
        status, lines, _ = run(db, "import", os.path.join(good, "resume-0002.pdf"))
        check(lines[0]["status"] == "imported", "an erased resume can be imported again")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    if failures:
        print("%d checks failed" % len(failures))
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
