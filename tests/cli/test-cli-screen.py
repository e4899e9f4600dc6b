#!/usr/bin/python3
"""End to end: import resumes, add a job, screen, review what was screened."""

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import unittest

CLI = os.environ["SHORTLIST_CLI"]
DATA = os.path.join(os.environ["G_TEST_SRCDIR"], "data")


def run(db, *args, check=True):
    proc = subprocess.run([CLI, "--db", db, *args], capture_output=True, text=True, timeout=120)
    if check and proc.returncode != 0:
        raise AssertionError(f"{args} exited {proc.returncode}: {proc.stderr}")
    return proc


def lines(text):
    return [json.loads(line) for line in text.splitlines() if line.strip()]


class ScreenTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.db = os.path.join(cls.tmp.name, "screen.db")
        resumes = os.path.join(DATA, "resumes")
        files = sorted(os.path.join(resumes, f) for f in os.listdir(resumes) if f.endswith(".pdf"))
        files += sorted(os.path.join(resumes, "jsonresume", f)
                        for f in os.listdir(os.path.join(resumes, "jsonresume")) if f.endswith(".json"))
        cls.imported = lines(run(cls.db, "import", "--json", *files).stdout)
        cls.job = json.loads(run(cls.db, "job", "add", "--file", os.path.join(DATA, "jobs", "backend-eng.txt"),
                                 "--json").stdout)["job_id"]

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_imported(self):
        self.assertGreaterEqual(len(self.imported), 8)
        self.assertTrue(all(r["status"] == "imported" for r in self.imported), self.imported)

    def test_screen_contract_and_ranking(self):
        results = lines(run(self.db, "screen", str(self.job), "--all", "--json").stdout)
        self.assertEqual(len(results), len(self.imported))
        keys = {"result_id", "candidate_id", "score", "similarity", "skill_coverage", "experience_fit",
                "education_fit", "classifier", "decision", "matched_skills", "missing_skills", "explanation"}
        for r in results:
            self.assertTrue(keys <= set(r), set(r) ^ keys)
            self.assertIsNone(r["classifier"])
            self.assertIn(r["decision"], ("shortlist", "reject"))
            self.assertEqual(r["decision"] == "shortlist", r["score"] >= 50)
            self.assertTrue(0 <= r["score"] <= 100)
            self.assertTrue(r["explanation"].startswith("Has "))
        scores = [r["score"] for r in results]
        self.assertEqual(scores, sorted(scores, reverse=True))
        # The backend engineer ranks first for the backend job.
        self.assertEqual(results[0]["name"], "Priya Okonkwo")
        self.assertIn("Python", results[0]["matched_skills"])

        top = lines(run(self.db, "screen", str(self.job), "--all", "--top", "3", "--json").stdout)
        self.assertEqual(len(top), 3)

        # Every screening is stored, with its components, embedder and explanation.
        con = sqlite3.connect(self.db)
        row = con.execute("SELECT embedder, explanation, length(features) FROM screenings WHERE id = ?",
                          (results[0]["result_id"],)).fetchone()
        con.close()
        self.assertTrue(row[0].startswith("lexical"))
        self.assertIn("matched_mandatory", json.loads(row[1]))
        self.assertGreater(row[2], 0)

        # A screened result can be reviewed.
        out = run(self.db, "review", str(results[0]["result_id"]), "--decision", "shortlist", "--json").stdout
        self.assertIn("review_id", json.loads(out))

    def test_screen_errors(self):
        proc = run(self.db, "screen", str(self.job), "--json", check=False)
        self.assertEqual(proc.returncode, 1)
        self.assertEqual(json.loads(proc.stderr)["error"]["code"], "no_candidates")
        proc = run(self.db, "screen", "999", "--all", "--json", check=False)
        self.assertEqual(json.loads(proc.stderr)["error"]["code"], "not_found")
        proc = run(self.db, "screen", "x", "--json", check=False)
        self.assertEqual(proc.returncode, 2)
        proc = run(self.db, "screen", str(self.job), "--all", "--threshold", "120", "--json", check=False)
        self.assertEqual(proc.returncode, 2)

    def test_exports(self):
        csv_path = os.path.join(self.tmp.name, "ranking.csv")
        pdf_path = os.path.join(self.tmp.name, "ranking.pdf")
        run(self.db, "screen", str(self.job), "--all", "--csv", csv_path, "--pdf", pdf_path, "--blind")
        with open(csv_path, encoding="utf-8") as f:
            text = f.read()
        self.assertTrue(text.startswith("rank,candidate_id,name,score,decision"))
        self.assertNotIn("Priya", text)
        with open(pdf_path, "rb") as f:
            self.assertEqual(f.read(5), b"%PDF-")
        out = run(self.db, "screen", str(self.job), "--all", "--top", "2", "--csv", "-").stdout
        rows = out.strip().splitlines()
        self.assertEqual(len(rows), 3)
        self.assertIn("Priya Okonkwo", rows[1])
        proc = run(self.db, "screen", str(self.job), "--all", "--pdf", "/nonexistent/dir/x.pdf", "--json", check=False)
        self.assertEqual(proc.returncode, 1)
        self.assertEqual(json.loads(proc.stderr)["error"]["code"], "export_failed")

    def test_near_duplicates(self):
        # A copy of a resume under another name is imported, and linked to the first.
        db = os.path.join(self.tmp.name, "near.db")
        base = open(os.path.join(DATA, "resumes", "text", sorted(os.listdir(os.path.join(DATA, "resumes", "text")))[0]),
                    encoding="utf-8").read()
        first = os.path.join(self.tmp.name, "first.txt")
        second = os.path.join(self.tmp.name, "second.txt")
        with open(first, "w", encoding="utf-8") as f:
            f.write(base)
        with open(second, "w", encoding="utf-8") as f:
            # Someone else sent in a copy of the same resume.
            f.write(base.replace("Alfred Pennyworth", "Alfie Penn").replace("alfred.pennyworth@", "alfie.penn@")
                    .replace("(123) 456-7890", "(555) 010-0199"))
        a = lines(run(db, "import", first, "--json").stdout)[0]
        b = lines(run(db, "import", second, "--json").stdout)[0]
        self.assertEqual(b["status"], "imported")
        shown = json.loads(run(db, "candidate", "show", str(b["candidate_id"]), "--json").stdout)
        near = [d for d in shown["possible_duplicates"] if d["reason"] == "near"]
        self.assertEqual([d["candidate_id"] for d in near], [a["candidate_id"]])
        self.assertGreaterEqual(near[0]["similarity"], 0.98)

    def test_threshold(self):
        results = lines(run(self.db, "screen", str(self.job), "--all", "--threshold", "0", "--json").stdout)
        self.assertTrue(all(r["decision"] == "shortlist" for r in results))


if __name__ == "__main__":
    unittest.main(verbosity=2)
