#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes scikit-learn's scaled and imputed values that
tests/test-preprocess.c compares Segmenta's preprocessing steps with.

    /usr/bin/python3 tests/data/make-golden-preprocess.py > tests/data/preprocess-golden.txt
"""

import sys

import numpy as np
import sklearn
from sklearn.impute import SimpleImputer
from sklearn.preprocessing import MinMaxScaler, RobustScaler, StandardScaler


def rows(name, x):
    print(name, x.shape[0], x.shape[1])
    for row in x:
        print(" ".join(repr(float(v)) for v in row))


def main():
    rng = np.random.RandomState(8)
    n = 120
    # Recency-like, skewed spend, a count, and a constant column.
    x = np.column_stack([rng.uniform(1, 700, n),
                         rng.lognormal(4, 1.2, n),
                         rng.poisson(3, n).astype(float),
                         np.full(n, 5.0)])
    print("# scikit-learn", sklearn.__version__, "- scalers and SimpleImputer")
    rows("input", x)
    rows("standard", StandardScaler().fit_transform(x))
    rows("robust", RobustScaler().fit_transform(x))
    rows("minmax", MinMaxScaler().fit_transform(x))
    gaps = x.copy()
    gaps[rng.rand(n, 4) < 0.1] = np.nan
    rows("gaps", gaps)
    rows("mean", SimpleImputer(strategy="mean").fit_transform(gaps))
    rows("median", SimpleImputer(strategy="median").fit_transform(gaps))
    return 0


if __name__ == "__main__":
    sys.exit(main())
