#!/usr/bin/python3
"""End-to-end tests of `shortlist-cli interview …` (questions, analyze,
record, and a whole practice session down to the PDF report)."""
import json
import os
import subprocess
import sys
import tempfile
import unittest

CLI = os.environ.get("SHORTLIST_CLI", "shortlist-cli")
SRCDIR = os.environ["G_TEST_SRCDIR"]
DATA = os.path.join(SRCDIR, "data")

QUESTION_KEYS = {"text", "kind", "difficulty", "expected_keywords", "suggested_seconds", "follow_ups"}
ANALYSIS_KEYS = {"duration_s", "speaking_s", "words", "wpm", "fillers", "long_pauses", "keyword_coverage",
                 "missing_keywords", "star", "transcript", "score", "tips"}


def run(*args, db=None):
    cmd = [CLI, "--json"] + (["--db", db] if db else []) + list(args)
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    lines = [json.loads(l) for l in p.stdout.splitlines() if l.strip()]
    return p.returncode, lines, p.stderr


class InterviewCli(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="sl-cli-interview-")
        self.db = os.path.join(self.tmp.name, "test.db")

    def tearDown(self):
        self.tmp.cleanup()

    def espeak_clip(self, name):
        truth = {}
        with open(os.path.join(DATA, "speech", "espeak", "truth.jsonl"), encoding="utf-8") as f:
            for line in f:
                record = json.loads(line)
                truth[record["file"]] = record
        text_path = os.path.join(self.tmp.name, name + ".txt")
        with open(text_path, "w", encoding="utf-8") as f:
            f.write(truth[name]["text"])
        return os.path.join(DATA, "speech", "espeak", name), text_path, truth[name]

    def test_questions_contract(self):
        job = os.path.join(DATA, "jobs", "backend-eng.txt")
        status, lines, _ = run("interview", "questions", "--description-file", job, "--count", "6")
        self.assertEqual(status, 0)
        self.assertEqual(len(lines), 6)
        texts = set()
        for q in lines:
            self.assertEqual(set(q), QUESTION_KEYS)
            self.assertIn(q["kind"], {"behavioural", "technical", "situational", "role-specific"})
            self.assertIsInstance(q["expected_keywords"], list)
            self.assertTrue(1 <= len(q["follow_ups"]) <= 2)
            texts.add(q["text"])
        self.assertEqual(len(texts), 6)

        status, lines, _ = run("interview", "questions", "--description-file", job, "--count", "4",
                               "--kinds", "technical")
        self.assertEqual(status, 0)
        self.assertEqual({q["kind"] for q in lines}, {"technical"})

    def test_questions_usage(self):
        status, _, err = run("interview", "questions")
        self.assertEqual(status, 2)
        self.assertEqual(json.loads(err)["error"]["code"], "usage")
        status, _, err = run("interview", "questions", "--job", "7", db=self.db)
        self.assertEqual(status, 1)

    def test_analyze_with_transcript(self):
        wav, text, truth = self.espeak_clip("q02_110.wav")
        status, lines, _ = run("interview", "analyze", "--audio", wav, "--transcript", text,
                               "--keywords", "billing,migration,kubernetes")
        self.assertEqual(status, 0)
        a = lines[0]
        self.assertTrue(ANALYSIS_KEYS <= set(a))
        self.assertEqual(a["words"], truth["word_count"])
        self.assertEqual(a["fillers"]["total"], truth["filler_total"])
        self.assertEqual(a["fillers"]["by_word"].get("you know", 0), 1)
        self.assertEqual(a["long_pauses"], 1)
        self.assertAlmostEqual(a["wpm"], truth["measured_wpm_speech_only"], delta=0.1 * truth["measured_wpm_speech_only"])
        self.assertEqual(a["missing_keywords"], ["kubernetes"])
        self.assertAlmostEqual(a["keyword_coverage"], 2 / 3, places=2)
        self.assertEqual(set(a["star"]), {"situation", "task", "action", "result"})
        self.assertEqual(set(a["score"]), {"content", "delivery", "overall"})
        self.assertTrue(2 <= len(a["tips"]) <= 3)
        self.assertFalse(a["draft"])

    def test_analyze_json_transcript(self):
        wav, _, _ = self.espeak_clip("q01_110.wav")
        timed = os.path.join(self.tmp.name, "timed.json")
        with open(timed, "w") as f:
            json.dump({"words": [{"word": "um", "start": 0.1, "end": 0.4},
                                 {"word": "I", "start": 0.5, "end": 0.6},
                                 {"word": "shipped", "start": 3.0, "end": 3.4}], "draft": True}, f)
        status, lines, _ = run("interview", "analyze", "--audio", wav, "--transcript", timed)
        self.assertEqual(status, 0)
        self.assertEqual(lines[0]["words"], 3)
        self.assertEqual(lines[0]["fillers"]["by_word"], {"um": 1})
        self.assertTrue(lines[0]["draft"])

    def test_analyze_errors(self):
        status, _, err = run("interview", "analyze", "--audio", os.path.join(self.tmp.name, "missing.wav"),
                             "--transcript", os.path.join(DATA, "jobs", "MANIFEST"))
        self.assertEqual(status, 1)
        self.assertEqual(json.loads(err)["error"]["code"], "not_found")
        notaudio = os.path.join(DATA, "jobs", "backend-eng.txt")
        status, _, err = run("interview", "analyze", "--audio", notaudio, "--transcript", notaudio)
        self.assertEqual(status, 1)
        self.assertEqual(json.loads(err)["error"]["code"], "bad_audio")
        status, _, _ = run("interview", "analyze")
        self.assertEqual(status, 2)

    def test_record_test_sources(self):
        out = os.path.join(self.tmp.name, "answer.webm")
        status, lines, err = run("interview", "record", "--seconds", "2", "--out", out, "--test-sources")
        self.assertEqual(status, 0, err)
        self.assertTrue(lines[0]["video"])
        self.assertFalse(lines[0]["device_lost"])
        with open(out, "rb") as f:
            self.assertEqual(f.read(4), b"\x1a\x45\xdf\xa3")   # EBML: Matroska/WebM

    def test_record_without_devices(self):
        out = os.path.join(self.tmp.name, "answer.webm")
        status, _, err = run("interview", "record", "--seconds", "1", "--out", out)
        if status == 0:
            self.skipTest("this machine has a microphone")
        self.assertEqual(status, 1)
        self.assertEqual(json.loads(err.splitlines()[-1])["error"]["code"], "no_microphone")

    def test_record_named_devices(self):
        out = os.path.join(self.tmp.name, "answer.webm")
        # "none" is sound only, even with test sources.
        status, lines, err = run("interview", "record", "--seconds", "1", "--out", out,
                                 "--test-sources", "--camera", "none")
        self.assertEqual(status, 0, err)
        self.assertFalse(lines[0]["video"])
        for flag, code in (("--camera", "no_such_camera"), ("--microphone", "no_such_microphone")):
            status, _, err = run("interview", "record", "--seconds", "1", "--out", out,
                                 flag, "No Such Device 4e1f")
            self.assertEqual(status, 2)
            self.assertEqual(json.loads(err.splitlines()[-1])["error"]["code"], code)

    def test_devices(self):
        status, lines, _ = run("interview", "devices")
        self.assertEqual(status, 0)
        for device in lines:
            self.assertEqual(set(device), {"kind", "id", "name"})
            self.assertIn(device["kind"], {"camera", "microphone"})

    def test_session_to_report(self):
        job = os.path.join(DATA, "jobs", "frontend-eng.txt")
        status, lines, _ = run("interview", "start", "--description-file", job, "--count", "3", db=self.db)
        self.assertEqual(status, 0)
        session = lines[0]["session_id"]
        self.assertEqual(len(lines[0]["questions"]), 3)
        wav, text, _ = self.espeak_clip("q04_140.wav")
        status, lines, _ = run("interview", "answer", str(session), "1", "--audio", wav, "--transcript", text,
                               db=self.db)
        self.assertEqual(status, 0)
        self.assertTrue(ANALYSIS_KEYS <= set(lines[0]))
        status, lines, _ = run("interview", "sessions", db=self.db)
        self.assertEqual(status, 0)
        self.assertEqual((lines[0]["id"], lines[0]["answered"], lines[0]["questions"]), (session, 1, 3))
        pdf = os.path.join(self.tmp.name, "report.pdf")
        status, lines, _ = run("interview", "report", str(session), "--out", pdf, db=self.db)
        self.assertEqual(status, 0)
        self.assertEqual(lines[0]["answered"], 1)
        with open(pdf, "rb") as f:
            self.assertEqual(f.read(5), b"%PDF-")
        status, _, err = run("interview", "report", "99", "--out", pdf, db=self.db)
        self.assertEqual(status, 1)
        self.assertEqual(json.loads(err)["error"]["code"], "not_found")


if __name__ == "__main__":
    unittest.main(verbosity=2)
