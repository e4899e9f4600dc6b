#!/usr/bin/python3
"""End-to-end tests of shortlist-cli's job and candidate commands."""

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import unittest

CLI = os.environ.get("SHORTLIST_CLI", "shortlist-cli")


def run(*args, db=None, check=True, stdin=None):
    argv = [CLI]
    if db is not None:
        argv += ["--db", db]
    argv += list(args)
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=60, input=stdin)
    if check and proc.returncode != 0:
        raise AssertionError(f"{argv} exited {proc.returncode}: {proc.stderr}")
    return proc


def json_lines(text):
    return [json.loads(line) for line in text.splitlines() if line.strip()]


class CliTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.db = os.path.join(self.tmp.name, "test.db")

    def tearDown(self):
        self.tmp.cleanup()

    def test_version_and_help(self):
        out = run("--version", "--json").stdout
        info = json.loads(out)
        self.assertRegex(info["version"], r"^\d+\.\d+\.\d+$")
        self.assertGreaterEqual(info["schema"], 1)
        self.assertIn("job", run("--help").stdout)
        proc = run(check=False)
        self.assertEqual(proc.returncode, 2)
        self.assertIn("Usage", proc.stderr)

    def test_job_lifecycle(self):
        out = run("job", "add", "--title", "Backend Engineer", "--description",
                  "Go, PostgreSQL and Kubernetes.", "--location", "Berlin", "--json", db=self.db).stdout
        job_id = json.loads(out)["job_id"]
        self.assertIsInstance(job_id, int)

        desc = os.path.join(self.tmp.name, "desc.txt")
        with open(desc, "w", encoding="utf-8") as f:
            f.write("Nurse for the ICU. Señora Müller leads the team.\n")
        out = run("--json", "job", "add", "--title", "ICU Nurse", "--description-file", desc, db=self.db).stdout
        nurse_id = json.loads(out)["job_id"]

        jobs = json_lines(run("job", "list", "--json", db=self.db).stdout)
        self.assertEqual({j["id"] for j in jobs}, {job_id, nurse_id})
        for j in jobs:
            self.assertEqual(set(j), {"id", "title", "location", "status", "created_at", "updated_at"})

        shown = json.loads(run("job", "show", str(nurse_id), "--json", db=self.db).stdout)
        self.assertEqual(shown["description"], "Nurse for the ICU. Señora Müller leads the team.\n")
        self.assertEqual(shown["status"], "open")

        edited = json.loads(run("job", "edit", str(nurse_id), "--status", "closed", "--title", "Senior ICU Nurse",
                                "--json", db=self.db).stdout)
        self.assertEqual(edited["status"], "closed")
        self.assertEqual(edited["title"], "Senior ICU Nurse")

        text = run("job", "list", db=self.db).stdout
        self.assertIn("Backend Engineer", text)

        self.assertEqual(json.loads(run("job", "delete", str(job_id), "--json", db=self.db).stdout),
                         {"deleted": job_id})
        proc = run("job", "show", str(job_id), "--json", db=self.db, check=False)
        self.assertEqual(proc.returncode, 1)
        self.assertEqual(json.loads(proc.stderr)["error"]["code"], "not_found")

        # Every write is in the audit log.
        con = sqlite3.connect(self.db)
        actions = [r[0] for r in con.execute("SELECT action FROM audit_log ORDER BY id")]
        con.close()
        self.assertEqual(actions.count("job.add"), 2)
        self.assertIn("job.update", actions)
        self.assertIn("job.delete", actions)

    def test_job_bad_arguments(self):
        cases = [
            (["job", "add", "--description", "x"], "usage"),
            (["job", "add", "--title", "T"], "usage"),
            (["job", "add", "--title", "   ", "--description", "x"], "invalid"),
            (["job", "add", "--title", "T", "--description", "x", "--description-file", "/etc/hostname"], "usage"),
            (["job", "add", "--title", "T", "--description-file", "/nonexistent/file"], "file_error"),
            (["job", "add", "--title", "T", "--description-file", "/"], "file_error"),
            (["job", "add", "--title", "T", "--description", "x", "--status", "maybe"], "usage"),
            (["job", "add", "--title", "T", "--description", "x", "--bogus"], "usage"),
            (["job", "show", "abc"], "usage"),
            (["job", "show", "-5"], "usage"),
            (["job", "show", "99999999999999999999999"], "usage"),
            (["job", "show"], "usage"),
            (["job", "frobnicate"], "usage"),
            (["teleport"], "unknown_command"),
        ]
        for args, code in cases:
            with self.subTest(args=args):
                proc = run(*args, "--json", db=self.db, check=False)
                self.assertEqual(proc.returncode, 2 if code != "file_error" else 1, proc.stderr)
                self.assertEqual(proc.stdout, "")
                err = json.loads(proc.stderr)
                self.assertEqual(err["error"]["code"], code)
                self.assertTrue(err["error"]["message"])

    def test_binary_description_file(self):
        path = os.path.join(self.tmp.name, "bin.txt")
        with open(path, "wb") as f:
            f.write(b"\xff\xfe\x00garbage\x80")
        proc = run("job", "add", "--title", "T", "--description-file", path, "--json", db=self.db, check=False)
        self.assertNotEqual(proc.returncode, 0)
        self.assertEqual(json.loads(proc.stderr)["error"]["code"], "invalid_text")

    def test_huge_description_file(self):
        path = os.path.join(self.tmp.name, "big.txt")
        with open(path, "w") as f:
            f.write("a" * (2 * 1024 * 1024))
        proc = run("job", "add", "--title", "T", "--description-file", path, "--json", db=self.db, check=False)
        self.assertEqual(proc.returncode, 1)
        self.assertEqual(json.loads(proc.stderr)["error"]["code"], "file_error")

    def test_bad_database_paths(self):
        garbage = os.path.join(self.tmp.name, "garbage.db")
        with open(garbage, "wb") as f:
            f.write(os.urandom(4096))
        proc = run("job", "list", "--json", db=garbage, check=False)
        self.assertEqual(proc.returncode, 1)
        self.assertEqual(json.loads(proc.stderr)["error"]["code"], "database_unreadable")

        blocker = os.path.join(self.tmp.name, "file")
        open(blocker, "w").close()
        proc = run("job", "list", "--json", db=os.path.join(blocker, "x.db"), check=False)
        self.assertEqual(proc.returncode, 1)
        self.assertEqual(json.loads(proc.stderr)["error"]["code"], "cannot_open")

        proc = run("job", "list", "--json", db=self.tmp.name, check=False)
        self.assertEqual(proc.returncode, 1)
        self.assertIn("error", json.loads(proc.stderr))

        proc = run("job", "list", "--db", check=False)
        self.assertEqual(proc.returncode, 2)

    def test_newer_database_refused(self):
        run("job", "list", db=self.db)
        con = sqlite3.connect(self.db)
        con.execute("PRAGMA user_version = 999")
        con.commit()
        con.close()
        with open(self.db, "rb") as f:
            before = f.read()
        proc = run("job", "list", "--json", db=self.db, check=False)
        self.assertEqual(proc.returncode, 1)
        self.assertEqual(json.loads(proc.stderr)["error"]["code"], "database_too_new")
        with open(self.db, "rb") as f:
            self.assertEqual(f.read(), before)
        # Without --json the message is plain text for people.
        proc = run("job", "list", db=self.db, check=False)
        self.assertIn("newer version of Shortlist", proc.stderr)

    def test_candidates(self):
        self.assertEqual(run("candidate", "list", "--json", db=self.db).stdout, "")
        out = run("candidate", "add", "--name", "Tomás Reyes", "--headline", "ICU Nurse",
                  "--skill", "Patient care", "--skill", "Triage", "--email", "tomas@example.org",
                  "--years", "6", "--education", "bachelor", "--json", db=self.db).stdout
        cid = json.loads(out)["candidate_id"]
        listed = json_lines(run("candidate", "list", "--json", db=self.db).stdout)
        self.assertEqual(len(listed), 1)
        self.assertEqual(listed[0]["name"], "Tomás Reyes")
        self.assertEqual(listed[0]["skills_count"], 2)
        shown = json.loads(run("candidate", "show", str(cid), "--json", db=self.db).stdout)
        self.assertEqual(shown["education_level"], "bachelor")
        self.assertEqual(shown["emails"], ["tomas@example.org"])
        self.assertEqual(sorted(shown["skills"]), ["Patient care", "Triage"])
        self.assertEqual(shown["years_experience"], 6)

        proc = run("candidate", "add", "--name", "X", "--education", "phd", "--json", db=self.db, check=False)
        self.assertEqual(proc.returncode, 2)

        run("candidate", "delete", str(cid), db=self.db)
        self.assertEqual(run("candidate", "list", "--json", db=self.db).stdout, "")
        proc = run("candidate", "delete", str(cid), "--json", db=self.db, check=False)
        self.assertEqual(json.loads(proc.stderr)["error"]["code"], "not_found")

    def test_sync_without_cloud(self):
        # With the cloud switched off nothing is sent and nothing fails.
        out = json.loads(run("sync", "--json", db=self.db).stdout)
        self.assertEqual(out, {"done": 0, "failed": 0})

    def test_check(self):
        out = json.loads(run("check", "--json", db=self.db).stdout)
        self.assertTrue(out["ok"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
