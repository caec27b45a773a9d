#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes scikit-learn's evaluation figures that tests/test-metrics.c
compares Segmenta's with.

    /usr/bin/python3 tests/data/make-golden-metrics.py > tests/data/metrics-golden.txt
"""

import sys

import numpy as np
import sklearn
from sklearn.calibration import calibration_curve
from sklearn.metrics import (average_precision_score, brier_score_loss, log_loss,
                             mean_absolute_error, mean_squared_error, r2_score,
                             roc_auc_score)


def fmt(values):
    return " ".join(repr(float(v)) for v in values)


def main():
    rng = np.random.RandomState(11)
    n = 300
    # Scores rounded to two decimals, so that many rows tie; a few sit on
    # the calibration bins' edges, and a few at 0 and 1 exactly.
    latent = rng.normal(size=n)
    y = (latent + rng.normal(scale=1.2, size=n) > 0.4).astype(float)
    p = np.round(1 / (1 + np.exp(-1.3 * latent + 0.5)), 2)
    p[:5] = [0.0, 1.0, 0.1, 0.2, 0.3]
    w = rng.uniform(0.1, 2.0, size=n)
    t = rng.normal(loc=50, scale=10, size=n)
    pred = t + rng.normal(scale=4, size=n)

    print("# scikit-learn", sklearn.__version__)
    print("data", n)
    for i in range(n):
        print(fmt([y[i], p[i], w[i], t[i], pred[i]]))
    for name, weights in (("plain", None), ("weighted", w)):
        print("classification", name, fmt([
            roc_auc_score(y, p, sample_weight=weights),
            average_precision_score(y, p, sample_weight=weights),
            log_loss(y, p, sample_weight=weights),
            brier_score_loss(y, p, sample_weight=weights)]))
        print("regression", name, fmt([
            np.sqrt(mean_squared_error(t, pred, sample_weight=weights)),
            mean_absolute_error(t, pred, sample_weight=weights),
            r2_score(t, pred, sample_weight=weights)]))
    prob_true, prob_pred = calibration_curve(y, p, n_bins=10)
    print("calibration", len(prob_true))
    print("true", fmt(prob_true))
    print("pred", fmt(prob_pred))
    return 0


if __name__ == "__main__":
    sys.exit(main())
