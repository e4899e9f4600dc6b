#!/usr/bin/python3
"""Times shortlist-cli's trainers against scikit-learn on the same data.

Runs `shortlist-cli bench train --write-data` (10,000 × 800 by default),
then fits scikit-learn's LogisticRegression() (lbfgs) and
MLPClassifier(hidden_layer_sizes=(64,), early_stopping=True) on the file it
wrote, and prints the time ratios and the hold-out ROC AUCs of both.

Then it times training as the app runs it on 10,000 reviews (--cv-features,
1,034 by default: the screening's 10 scores and 1,024 embedding
interactions): `shortlist-cli bench train --cv`, logistic regression with
the interaction block's penalty chosen by 5-fold cross-validation among
1, 10, ..., 1e5 (30 fits and a refit), against one fit of ours at the chosen
penalty and against scikit-learn's LogisticRegressionCV with the same grid
(C = 1 / l2), stratified 5-fold, ROC AUC scoring and balanced class weights,
on the same standardised data. scikit-learn has no separate penalty for the
screening block, so its fits penalise all features alike; the number and
size of the fits are the same. The MLP is timed with the app's settings too.

Needs Debian's python3-sklearn, so run it with /usr/bin/python3. Exits 1
when a target is missed: each trainer faster than scikit-learn's, with a
hold-out AUC no more than 0.005 below it (for the cross-validated
logistic regression too).

Each fit is timed as the best of --repeat runs (3), on both sides: the
machine is shared, and the fastest run is the least disturbed one.

Usage: bench-train.py SHORTLIST_CLI [--samples N] [--features F] [--cv-features F]
                      [--seed S] [--repeat R]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

AUC_TOLERANCE = 0.005


def bench_env():
    # OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are set on some machines for old
    # OpenBLAS builds and slow a current numpy: unset both, for both sides, in
    # this benchmark only.
    env = dict(os.environ)
    env.pop('OPENBLAS_CORETYPE', None)
    env.pop('OPENBLAS_L2_SIZE', None)
    return env


def load(path, n_features):
    import numpy as np

    rows = []
    labels = []
    test = []
    with open(path, newline='') as f:
        header = f.readline().rstrip('\r\n').split(',')
        assert header[-2:] == ['label', 'split'], header[-2:]
        assert len(header) == n_features + 2
        for line in f:
            parts = line.rstrip('\r\n').split(',')
            rows.append(parts[:n_features])
            labels.append(int(parts[n_features]))
            test.append(parts[n_features + 1] == 'test')
    x = np.asarray(rows, dtype=np.float64)
    y = np.asarray(labels)
    test = np.asarray(test)
    return x[~test], y[~test], x[test], y[test]


def main():
    if 'OPENBLAS_CORETYPE' in os.environ or 'OPENBLAS_L2_SIZE' in os.environ:
        # OpenBLAS reads these when it loads: start again without them.
        os.execve(sys.executable, [sys.executable] + sys.argv, bench_env())

    parser = argparse.ArgumentParser()
    parser.add_argument('cli')
    parser.add_argument('--samples', type=int, default=10000)
    parser.add_argument('--features', type=int, default=800)
    parser.add_argument('--cv-features', type=int, default=1034)
    parser.add_argument('--seed', type=int, default=1)
    parser.add_argument('--repeat', type=int, default=3)
    args = parser.parse_args()

    env = bench_env()
    with tempfile.TemporaryDirectory(prefix='bench-train-') as tmp:
        data = os.path.join(tmp, 'data.csv')
        out = subprocess.run([args.cli, 'bench', 'train', '--json',
                              '--samples', str(args.samples),
                              '--features', str(args.features),
                              '--seed', str(args.seed), '--repeat', str(args.repeat),
                              '--write-data', data],
                             env=env, check=True, capture_output=True, text=True)
        ours = json.loads(out.stdout.strip().splitlines()[-1])
        x_train, y_train, x_test, y_test = load(data, args.features)

        cv_data = os.path.join(tmp, 'cv-data.csv')
        out = subprocess.run([args.cli, 'bench', 'train', '--json', '--cv',
                              '--samples', str(args.samples),
                              '--features', str(args.cv_features),
                              '--seed', str(args.seed), '--repeat', str(args.repeat),
                              '--write-data', cv_data],
                             env=env, check=True, capture_output=True, text=True)
        ours_cv = json.loads(out.stdout.strip().splitlines()[-1])
        cv_x_train, cv_y_train, cv_x_test, cv_y_test = load(cv_data, args.cv_features)

    from sklearn.linear_model import LogisticRegression, LogisticRegressionCV
    from sklearn.model_selection import StratifiedKFold
    from sklearn.preprocessing import StandardScaler
    from sklearn.metrics import roc_auc_score
    from sklearn.neural_network import MLPClassifier

    kernel = 'unknown'
    try:
        from threadpoolctl import threadpool_info
        for pool in threadpool_info():
            if pool.get('internal_api') == 'openblas':
                kernel = pool.get('architecture', 'unknown')
    except ImportError:
        pass

    def best_of_data(make, x, y):
        best = float('inf')
        for _ in range(args.repeat):
            start = time.perf_counter()
            model = make().fit(x, y)
            best = min(best, time.perf_counter() - start)
        return model, best

    def best_of(make):
        return best_of_data(make, x_train, y_train)

    logreg, sk_logreg_s = best_of(lambda: LogisticRegression())
    sk_logreg_auc = roc_auc_score(y_test, logreg.predict_proba(x_test)[:, 1])

    mlp, sk_mlp_s = best_of(lambda: MLPClassifier(hidden_layer_sizes=(64,), early_stopping=True,
                                                  random_state=args.seed))
    sk_mlp_auc = roc_auc_score(y_test, mlp.predict_proba(x_test)[:, 1])

    # Ours standardises inside the fit; scikit-learn gets standardised data.
    scaler = StandardScaler().fit(cv_x_train)
    cv_x_train = scaler.transform(cv_x_train)
    cv_x_test = scaler.transform(cv_x_test)
    l2_grid = [1, 10, 100, 1000, 10000, 100000]
    logreg_cv, sk_logreg_cv_s = best_of_data(
        lambda: LogisticRegressionCV(Cs=[1.0 / l2 for l2 in l2_grid],
                                     cv=StratifiedKFold(5, shuffle=True, random_state=args.seed),
                                     scoring='roc_auc', class_weight='balanced', max_iter=1000),
        cv_x_train, cv_y_train)
    sk_logreg_cv_auc = roc_auc_score(cv_y_test, logreg_cv.predict_proba(cv_x_test)[:, 1])

    report = {
        'samples': ours['samples'],
        'features': ours['features'],
        'numpy_openblas_kernel': kernel,
        'logreg_s': round(ours['logreg_s'], 4),
        'sklearn_logreg_s': round(sk_logreg_s, 4),
        'logreg_speedup': round(sk_logreg_s / ours['logreg_s'], 2),
        'logreg_auc': round(ours['logreg_auc'], 4),
        'sklearn_logreg_auc': round(sk_logreg_auc, 4),
        'mlp_s': round(ours['mlp_s'], 4),
        'sklearn_mlp_s': round(sk_mlp_s, 4),
        'mlp_speedup': round(sk_mlp_s / ours['mlp_s'], 2),
        'mlp_auc': round(ours['mlp_auc'], 4),
        'sklearn_mlp_auc': round(sk_mlp_auc, 4),
        'peak_rss_mb': round(ours['peak_rss_mb'], 1),
        'cv_features': ours_cv['features'],
        'logreg_cv_s': round(ours_cv['logreg_cv_s'], 4),
        'logreg_cv_l2': ours_cv['logreg_cv_l2'],
        'logreg_cv_auc': round(ours_cv['logreg_cv_auc'], 4),
        'logreg_single_s': round(ours_cv['logreg_single_s'], 4),
        'logreg_cv_over_single': round(ours_cv['logreg_cv_s'] / ours_cv['logreg_single_s'], 2),
        'sklearn_logreg_cv_s': round(sk_logreg_cv_s, 4),
        'sklearn_logreg_cv_l2': round(1.0 / logreg_cv.C_[0], 6),
        'sklearn_logreg_cv_auc': round(sk_logreg_cv_auc, 4),
        'logreg_cv_speedup': round(sk_logreg_cv_s / ours_cv['logreg_cv_s'], 2),
        'app_mlp_s': round(ours_cv['mlp_s'], 4),
        'app_mlp_auc': round(ours_cv['mlp_auc'], 4),
        'repeat': args.repeat,
    }
    print(json.dumps(report))

    failures = []
    if ours['logreg_s'] >= sk_logreg_s:
        failures.append('logistic regression is not faster than scikit-learn')
    if ours['mlp_s'] >= sk_mlp_s:
        failures.append('the MLP is not faster than scikit-learn')
    if ours['logreg_auc'] < sk_logreg_auc - AUC_TOLERANCE:
        failures.append('logistic regression AUC is more than 0.005 below scikit-learn')
    if ours['mlp_auc'] < sk_mlp_auc - AUC_TOLERANCE:
        failures.append('MLP AUC is more than 0.005 below scikit-learn')
    if ours_cv['logreg_cv_s'] >= sk_logreg_cv_s:
        failures.append('cross-validated logistic regression is not faster than scikit-learn')
    if ours_cv['logreg_cv_auc'] < sk_logreg_cv_auc - AUC_TOLERANCE:
        failures.append('cross-validated logistic regression AUC is more than 0.005 below scikit-learn')
    for failure in failures:
        print('target missed:', failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
