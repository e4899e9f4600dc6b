#!/usr/bin/python3
"""The learning loop on the labelled corpus: a simulated recruiter reviews
screening results (the resume's true category is the decision), the
classifier is trained after 50, 100, 200 and 400 reviews, and each version's
ROC AUC on a fixed held-out set is compared with the similarity-only ranking's
AUC on the same set.

usage: learning-curve.py SHORTLIST_CLI CORPUS_DIR [N_RESUMES]
"""

import json
import os
import random
import subprocess
import sys
import tempfile
import time

CLI, CORPUS = sys.argv[1], sys.argv[2]
N_RESUMES = int(sys.argv[3]) if len(sys.argv) > 3 else 600
STEPS = (50, 100, 200, 400)


def cli(db, *args):
    proc = subprocess.run([CLI, "--db", db, "--json", *args], capture_output=True, text=True, timeout=1800)
    if proc.returncode != 0:
        raise SystemExit(f"{args[0]} failed: {proc.stderr.strip()}")
    return [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]


def auc(scores, labels):
    """ROC AUC with ties counted as one half (Mann-Whitney U)."""
    pairs = sorted(zip(scores, labels))
    pos = sum(labels)
    neg = len(labels) - pos
    rank_sum, i = 0.0, 0
    while i < len(pairs):
        j = i
        while j < len(pairs) and pairs[j][0] == pairs[i][0]:
            j += 1
        mid = (i + j + 1) / 2.0
        rank_sum += mid * sum(1 for k in range(i, j) if pairs[k][1])
        i = j
    return (rank_sum - pos * (pos + 1) / 2.0) / (pos * neg)


def main():
    rng = random.Random(20261123)
    labels = [json.loads(line) for line in open(os.path.join(CORPUS, "labels.jsonl"))]
    rng.shuffle(labels)
    labels = labels[:N_RESUMES]
    categories = sorted({l["category"] for l in labels})

    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "curve.db")
        start = time.monotonic()
        imported = cli(db, "import", *[os.path.join(CORPUS, l["file"]) for l in labels])
        category_of = {}
        for line, label in zip(sorted(imported, key=lambda r: r["path"]), sorted(labels, key=lambda l: os.path.join(CORPUS, l["file"]))):
            if line.get("status") == "imported":
                category_of[line["candidate_id"]] = label["category"]
        jobs = {}
        for category in categories:
            jobs[category] = cli(db, "job", "add", "--file", os.path.join(CORPUS, "jobs", category + ".txt"))[0]["job_id"]
        print(f"# {len(category_of)} resumes, {len(jobs)} jobs, set up in {time.monotonic() - start:.1f} s", flush=True)

        # A fixed held-out fifth of the candidates, never reviewed.
        candidates = sorted(category_of)
        held_out = set(rng.sample(candidates, len(candidates) // 5))

        def screen_all():
            results = {}
            for category, job in jobs.items():
                for r in cli(db, "screen", str(job), "--all"):
                    results[(category, r["candidate_id"])] = r
            return results

        results = screen_all()
        eval_keys = [k for k in results if k[1] in held_out]
        eval_labels = [1 if category_of[k[1]] == k[0] else 0 for k in eval_keys]
        sim_auc = auc([results[k]["similarity"] for k in eval_keys], eval_labels)
        blend_auc = auc([results[k]["score"] for k in eval_keys], eval_labels)
        print(f"# held-out pairs: {len(eval_keys)} ({sum(eval_labels)} positive)")
        print(json.dumps({"reviews": 0, "similarity_auc": round(sim_auc, 4), "blend_auc": round(blend_auc, 4)}), flush=True)

        # The recruiter reviews training pairs, half of them matches, in a fixed order.
        train_keys = [k for k in results if k[1] not in held_out]
        positives = [k for k in train_keys if category_of[k[1]] == k[0]]
        negatives = [k for k in train_keys if category_of[k[1]] != k[0]]
        rng.shuffle(positives)
        rng.shuffle(negatives)
        order = [x for pair in zip(positives, negatives) for x in pair]

        reviewed = 0
        beaten_at_200 = None
        for step in STEPS:
            for key in order[reviewed:step]:
                decision = "shortlist" if category_of[key[1]] == key[0] else "reject"
                cli(db, "review", str(results[key]["result_id"]), "--decision", decision)
            reviewed = step
            trained = cli(db, "train", "--force", "--min-samples", str(step), "--kind", "logreg")[0]
            cli(db, "models", "activate", str(trained["version"]))
            results = screen_all()
            model_auc = auc([results[k]["classifier"] for k in eval_keys], eval_labels)
            line = {"reviews": step, "version": trained["version"], "model_auc": round(model_auc, 4),
                    "similarity_auc": round(sim_auc, 4), "hybrid_auc": round(auc([results[k]["score"] for k in eval_keys], eval_labels), 4),
                    "holdout_auc": trained["metrics"]["roc_auc"]}
            print(json.dumps(line), flush=True)
            if step == 200:
                beaten_at_200 = model_auc > sim_auc
        print(f"# total {time.monotonic() - start:.0f} s")
        if not beaten_at_200:
            print("target missed: the model does not beat similarity-only after 200 reviews")
            return 1
        print("target met: the model beats similarity-only after 200 reviews")
        return 0


if __name__ == "__main__":
    sys.exit(main())
