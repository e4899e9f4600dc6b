#!/usr/bin/python3
# End-to-end test of `shortlist-cli skill add|list|remove`: a skill of the
# user's own reaches the helper processes that parse imported resumes and
# job description files, and shipped skills cannot be removed.
#
# Usage: test-cli-skill.py SHORTLIST_CLI

import json
import os
import shutil
import subprocess
import sys
import tempfile

CLI = sys.argv[1]
failures = []


def check(condition, what):
    if not condition:
        failures.append(what)
        print("not ok -", what, flush=True)
    else:
        print("ok -", what, flush=True)


def run(db, *args):
    proc = subprocess.run([CLI, "--db", db, "--json", *args],
                          capture_output=True, text=True, timeout=120)
    lines = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    return proc.returncode, lines, proc.stderr


RESUME = """Ada Quux
ada.quux@example.org

Skills
QL, Python, SQL

Experience
Compiler Engineer, Example Corp, 2019 - present
"""

JOB = """Senior Compiler Engineer

Requirements
- Must have: QL, Python
"""


def main():
    tmp = tempfile.mkdtemp(prefix="test-cli-skill-")
    try:
        db = os.path.join(tmp, "shortlist.db")
        resume = os.path.join(tmp, "ada-quux.txt")
        job = os.path.join(tmp, "job.txt")
        with open(resume, "w") as f:
            f.write(RESUME)
        with open(job, "w") as f:
            f.write(JOB)

        # Before the skill exists, "QL" means nothing.
        status, lines, _ = run(db, "skill", "list", "--user")
        check(status == 0 and lines == [], "no user skills at first")

        status, lines, err = run(db, "skill", "add", "Quuxlang", "--alias", "QL", "--category", "Languages")
        check(status == 0, "skill add exits 0 (%s)" % err.strip())
        check(lines and lines[0]["name"] == "Quuxlang" and lines[0]["aliases"] == ["QL"],
              "skill add prints the skill")

        status, lines, _ = run(db, "skill", "list", "--user")
        check(status == 0 and [l["name"] for l in lines] == ["Quuxlang"], "skill list --user lists it")
        check(lines and lines[0]["user_defined"] and lines[0]["category"] == "Languages",
              "listed as user-defined, with its category")
        status, lines, _ = run(db, "skill", "list")
        names = [l["name"] for l in lines]
        check(status == 0 and "Quuxlang" in names and "Python" in names and len(names) > 1000,
              "skill list holds shipped and user skills")

        # An alias another skill owns is refused.
        status, _, err = run(db, "skill", "add", "Quuxscript", "--alias", "QL")
        check(status == 2 and json.loads(err)["error"]["code"] == "constraint", "taken alias refused")

        # The helper processes recognise it in resumes...
        status, lines, _ = run(db, "import", resume)
        check(status == 0 and lines[0]["status"] == "imported", "resume imported")
        status, shown, _ = run(db, "candidate", "show", str(lines[0]["candidate_id"]))
        check(status == 0 and "Quuxlang" in shown[0]["skills"],
              "candidate show lists Quuxlang (got %r)" % (shown[0]["skills"] if shown else None))

        # ...and in job description files.
        status, lines, err = run(db, "job", "add", "--file", job)
        check(status == 0, "job add --file (%s)" % err.strip())
        status, shown, _ = run(db, "job", "show", str(lines[0]["job_id"]))
        check(status == 0 and "Quuxlang" in shown[0]["mandatory_skills"] + shown[0]["preferred_skills"],
              "job requirements list Quuxlang")

        # Shipped skills stay.
        status, _, err = run(db, "skill", "remove", "Python")
        check(status == 2 and json.loads(err)["error"]["code"] == "builtin", "removing a shipped skill is refused")
        status, _, err = run(db, "skill", "remove", "Nosuchskill")
        check(status == 1 and json.loads(err)["error"]["code"] == "not_found", "removing an unknown skill fails")

        status, lines, _ = run(db, "skill", "remove", "quuxlang")
        check(status == 0 and lines[0]["removed"] == "quuxlang", "skill remove exits 0")
        status, lines, _ = run(db, "skill", "list", "--user")
        check(status == 0 and lines == [], "no user skills after removal")

        status, _, _ = run(db, "skill", "frobnicate")
        check(status == 2, "unknown subcommand is a usage error")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    if failures:
        print("%d failure(s)" % len(failures))
        sys.exit(1)


main()
