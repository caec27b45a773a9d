#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes scikit-learn's PCA explained variances that tests/test-pca.c
compares Segmenta's PCA with.

    /usr/bin/python3 tests/data/make-golden-pca.py > tests/data/pca-golden.txt
"""

import sys

import numpy as np
import sklearn
from sklearn.decomposition import PCA


def main():
    rng = np.random.RandomState(21)
    # Correlated features on different scales, like RFM measures.
    base = rng.normal(size=(300, 3))
    mix = np.array([[3.0, 0.5, 0.0, 1.0, 0.2],
                    [0.0, 2.0, 1.0, 0.0, 0.5],
                    [0.5, 0.0, 0.3, 4.0, 0.1]])
    x = base @ mix + rng.normal(scale=0.2, size=(300, 5)) + [10, -3, 0, 100, 2]
    pca = PCA(n_components=5).fit(x)
    print("# scikit-learn", sklearn.__version__, "- PCA")
    print("points", x.shape[0], x.shape[1])
    for row in x:
        print(" ".join(repr(float(v)) for v in row))
    print("variance", " ".join(repr(float(v)) for v in pca.explained_variance_))
    print("ratio", " ".join(repr(float(v)) for v in pca.explained_variance_ratio_))
    for row in pca.components_:
        print("component", " ".join(repr(float(v)) for v in row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
