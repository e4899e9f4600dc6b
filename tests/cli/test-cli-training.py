#!/usr/bin/python3
"""End-to-end test of the training commands of shortlist-cli.

Creates a job and candidates through the CLI, writes screening results with
feature vectors straight into the database (the screening command is not
part of this test), then reviews them, checks the training status, trains,
activates, rolls back, runs a shadow, exports and imports training data.
Prints TAP.

Usage: test-cli-training.py SHORTLIST_CLI
"""

import csv
import json
import os
import random
import sqlite3
import struct
import subprocess
import sys
import tempfile

N_CANDIDATES = 40
N_FEATURES = 4

results = []


def check(condition, name):
    results.append((bool(condition), name))
    print(('ok' if condition else 'not ok'), len(results), '-', name, flush=True)
    return condition


class Cli:
    def __init__(self, path, db):
        self.path = path
        self.db = db

    def run(self, *args):
        proc = subprocess.run([self.path, '--db', self.db, '--json'] + list(args),
                              capture_output=True, text=True, timeout=120)
        lines = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
        error = None
        if proc.stderr.strip():
            try:
                error = json.loads(proc.stderr.strip().splitlines()[-1])['error']
            except (ValueError, KeyError):
                error = {'code': None, 'message': proc.stderr}
        return proc.returncode, lines, error

    def ok(self, *args):
        status, lines, error = self.run(*args)
        if status != 0:
            raise AssertionError(f'{args} failed with {status}: {error}')
        return lines


def count_reviews(db):
    with sqlite3.connect(db) as conn:
        return conn.execute('SELECT count(*) FROM reviews').fetchone()[0]


def count_screenings(db, job_id):
    with sqlite3.connect(db) as conn:
        return conn.execute('SELECT count(*) FROM screenings WHERE job_id = ?', (job_id,)).fetchone()[0]


def add_screenings(db, job_id, candidate_ids):
    """Feature 0 carries the label's signal; the rest are noise."""
    rng = random.Random(7)
    ids = []
    with sqlite3.connect(db) as conn:
        for i, candidate_id in enumerate(candidate_ids):
            good = i % 2 == 0
            features = [(1.0 if good else -1.0) + rng.uniform(-1.2, 1.2)]
            features += [rng.uniform(-1, 1) for _ in range(N_FEATURES - 1)]
            cur = conn.execute(
                'INSERT INTO screenings (job_id, candidate_id, score, similarity, skill_coverage,'
                ' mandatory_coverage, preferred_coverage, experience_fit, education_fit,'
                ' decision, threshold, embedder, features, created_at)'
                ' VALUES (?, ?, ?, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, ?, 50, ?, ?, 1700000000)',
                (job_id, candidate_id, 70 if good else 30, 'shortlist' if good else 'reject',
                 'test', struct.pack('<%df' % N_FEATURES, *features)))
            ids.append((cur.lastrowid, good))
    return ids


def main():
    cli_path = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory(prefix='test-cli-training-') as tmp:
        db = os.path.join(tmp, 'shortlist.db')
        cli = Cli(cli_path, db)

        job_id = cli.ok('job', 'add', '--title', 'Data engineer',
                        '--description', 'Pipelines')[0]['job_id']
        candidate_ids = [cli.ok('candidate', 'add', '--name', f'Candidate {i}')[0]['candidate_id']
                         for i in range(N_CANDIDATES)]
        screenings = add_screenings(db, job_id, candidate_ids)
        # A closed job with results: activation never screens it again.
        closed_id = cli.ok('job', 'add', '--title', 'Archivist', '--description', 'Archives',
                           '--status', 'closed')[0]['job_id']
        add_screenings(db, closed_id, candidate_ids[:3])

        # Review every result, the person agreeing with the signal.
        for screening_id, good in screenings:
            review = cli.ok('review', str(screening_id), '--decision',
                            'shortlist' if good else 'reject', '--notes', 'checked')[0]
        check(review['result_id'] == screenings[-1][0] and review['decision'] == 'reject',
              'review reports the result and the decision')
        status, _, error = cli.run('review', '99999', '--decision', 'shortlist')
        check(status == 1 and error['code'] == 'not_found', 'review of a missing result fails')
        status, _, error = cli.run('review', str(screenings[0][0]), '--decision', 'maybe')
        check(status == 2 and error['code'] == 'usage', 'review with a bad decision is a usage error')
        check(count_reviews(db) == N_CANDIDATES, 'one review per result')

        # Training status: exactly the documented keys.
        st = cli.ok('training-status')[0]
        check(set(st) == {'total_samples', 'positive_samples', 'negative_samples',
                          'ready_for_training', 'samples_needed', 'threshold'},
              'training-status has exactly the documented keys')
        check(st == {'total_samples': 40, 'positive_samples': 20, 'negative_samples': 20,
                     'ready_for_training': False, 'samples_needed': 60, 'threshold': 100},
              'training-status counts against the default threshold')
        st = cli.ok('training-status', '--threshold', '30')[0]
        check(st['ready_for_training'] and st['samples_needed'] == 0, 'a lower threshold is reached')

        # Below the threshold: refused with exit status 2, unless forced.
        status, lines, error = cli.run('train')
        check(status == 2 and error['code'] == 'not_ready' and '40' in error['message'],
              'train below the threshold is refused with a clear message')
        check(cli.ok('train', '--dry-run')[0]['would_train'] is False, 'dry run: would not train')
        check(cli.ok('train', '--dry-run', '--force')[0]['would_train'] is True, 'dry run: would train when forced')
        with sqlite3.connect(db) as conn:
            check(conn.execute('SELECT count(*) FROM model_versions').fetchone()[0] == 0,
                  'a dry run stores nothing')

        first = cli.ok('train', '--force', '--min-samples', '20')[0]
        check(set(first) == {'version', 'kind', 'samples', 'metrics', 'activated', 'reason', 'rescreened'},
              'train reports the documented keys')
        check(set(first['metrics']) == {'accuracy', 'precision', 'recall', 'f1', 'roc_auc', 'log_loss'},
              'train reports the documented metrics')
        check(first['version'] == 1 and first['kind'] == 'logreg' and first['samples'] == 40
              and first['activated'] is True, 'the first model is activated')
        check(first['metrics']['roc_auc'] > 0.8, 'the model learnt the signal')
        # The open job's results were screened again (every candidate, as before), the closed job's not.
        check(first['rescreened'] == 1 and count_screenings(db, job_id) == 2 * N_CANDIDATES,
              'activation by train re-screens the open job')
        check(count_screenings(db, closed_id) == 3, 'a closed job is not re-screened')

        second = cli.ok('train', '--force', '--min-samples', '20', '--kind', 'mlp', '--margin', '1')[0]
        check(second['version'] == 2 and second['kind'] == 'mlp' and second['activated'] is False
              and second['reason'], 'a challenger that does not win stays inactive with a reason')
        check(second['rescreened'] is None and count_screenings(db, job_id) == 2 * N_CANDIDATES,
              'a model that is not activated re-screens nothing')
        status, _, error = cli.run('train', '--force', '--kind', 'forest')
        check(status == 2, 'an unknown kind is a usage error')

        versions = cli.ok('models', 'list')
        check([v['version'] for v in versions] == [2, 1], 'models list, newest first')
        check([v['active'] for v in versions] == [False, True], 'version 1 is active')
        check(all('roc_auc' in v['metrics'] for v in versions), 'models list shows the metrics')

        activated = cli.ok('models', 'activate', '2', '--no-rescreen')[0]
        check(activated['active'] == 2 and activated['rescreened'] is None
              and count_screenings(db, job_id) == 2 * N_CANDIDATES, 'models activate --no-rescreen')
        check([v['active'] for v in cli.ok('models', 'list')] == [True, False], 'version 2 is active')
        rolled_back = cli.ok('models', 'rollback')[0]
        check(rolled_back['active'] == 1, 'models rollback goes back to version 1')
        check(rolled_back['rescreened'] == 1 and count_screenings(db, job_id) == 3 * N_CANDIDATES
              and count_screenings(db, closed_id) == 3, 'models rollback re-screens the open job')
        check([v['active'] for v in cli.ok('models', 'list')] == [False, True], 'version 1 is active again')
        status, _, error = cli.run('models', 'rollback')
        check(status == 2 and error['code'] == 'invalid', 'nothing before the first version')
        status, _, error = cli.run('models', 'activate', '99')
        check(status == 1 and error['code'] == 'not_found', 'activating a missing version fails')
        with sqlite3.connect(db) as conn:
            actions = [row[0] for row in conn.execute(
                "SELECT action FROM audit_log WHERE action LIKE 'model.%' ORDER BY id")]
        check(actions.count('model.rollback') == 1 and actions.count('model.activate') == 2,
              'activations and the rollback are in the audit log')

        check(cli.ok('models', 'shadow', '2')[0]['shadow'] == 2, 'models shadow')
        check([v['shadow'] for v in cli.ok('models', 'list')] == [True, False], 'version 2 runs in shadow')
        status, _, _ = cli.run('models', 'shadow', '1')
        check(status == 2, 'the active version cannot be its own shadow')
        check(cli.ok('models', 'shadow', '--off')[0]['shadow'] is None, 'models shadow --off')

        # Export, then re-import the same labels.
        out = os.path.join(tmp, 'training.csv')
        exported = cli.ok('export-training', out)[0]
        check(exported['rows'] == 40 and exported['features'] == N_FEATURES, 'export-training counts')
        with open(out, newline='') as f:
            rows = list(csv.reader(f))
        check(rows[0] == ['job_id', 'candidate_id', 'label', 'reviewed_at', 'f0', 'f1', 'f2', 'f3'],
              'the export has the documented columns')
        check(len(rows) == 41 and sum(int(r[2]) for r in rows[1:]) == 20, 'the export has every label')
        check(cli.ok('export-training', out, '--job', '999')[0]['rows'] == 0, 'export-training --job filters')
        status, _, _ = cli.run('export-training', out, '--min-confidence', '2')
        check(status == 2, 'a confidence above 1 is a usage error')

        before = count_reviews(db)
        hostile = {
            'unterminated quote': 'job,candidate_id,decision\r\n1,"2,shortlist\r\n',
            'wrong column count': 'job,candidate_id,decision\r\n1,2,shortlist\r\n1,3\r\n',
            'missing columns': 'job,decision\r\n1,shortlist\r\n',
            'bad decision': 'job,candidate_id,decision\r\n1,2,shortlist\r\n1,3,perhaps\r\n',
            'not utf-8': 'job,candidate_id,decision\r\n1,2,short\xfflist\r\n',
        }
        for name, text in hostile.items():
            path = os.path.join(tmp, 'hostile.csv')
            with open(path, 'wb') as f:
                f.write(text.encode('latin-1'))
            status, _, error = cli.run('import-training', path)
            check(status == 2 and error['code'] in ('invalid_csv', 'invalid_text') and error['message'],
                  f'hostile CSV refused: {name}')
        path = os.path.join(tmp, 'unknown-job.csv')
        with open(path, 'w') as f:
            f.write(f'job,candidate_id,decision\n{job_id},{candidate_ids[0]},reject\n999,{candidate_ids[1]},reject\n')
        status, _, error = cli.run('import-training', path)
        check(status == 1 and 'Line 3' in error['message'], 'an unknown job names its line')
        check(count_reviews(db) == before, 'nothing of a refused file is imported')

        # The exported file (job_id, candidate_id, label) imports back: the
        # labels flip, so every sample changes.
        flipped = os.path.join(tmp, 'flipped.csv')
        with open(flipped, 'w', newline='') as f:
            writer = csv.writer(f)
            writer.writerow(rows[0])
            for r in rows[1:]:
                writer.writerow([r[0], r[1], '0' if r[2] == '1' else '1'] + r[3:])
        imported = cli.ok('import-training', flipped)[0]
        check(imported == {'imported': 40, 'with_features': 40}, 'import-training of the exported file')
        st = cli.ok('training-status')[0]
        check(st['total_samples'] == 40 and st['positive_samples'] == 20, 'the import changed labels, not counts')
        check(count_reviews(db) == before, 'an import updates the existing reviews')

        # bench train --cv times training as the app runs it, on a small set here.
        timed = cli.ok('bench', 'train', '--cv', '--samples', '300', '--features', '30')[0]
        check({'logreg_cv_s', 'logreg_cv_l2', 'logreg_cv_auc', 'logreg_single_s', 'mlp_s',
               'mlp_auc'} <= set(timed), 'bench train --cv reports every key')
        check(timed['logreg_cv_l2'] in (1, 10, 100, 1000, 10000, 100000)
              and 0.5 < timed['logreg_cv_auc'] <= 1 and timed['logreg_cv_s'] > 0,
              'bench train --cv chooses an l2 of the grid')
        status, _, error = cli.run('bench', 'train', '--cv', '--features', '10')
        check(status == 2 and error['code'] == 'usage', 'bench train --cv needs interaction features')

    failed = sum(1 for ok, _ in results if not ok)
    print(f'1..{len(results)}')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
