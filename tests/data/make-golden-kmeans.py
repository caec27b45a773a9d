#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the k-means and cluster-quality reference numbers that
tests/test-kmeans.c compares Segmenta's kernels with.

Needs Debian's python3-sklearn; the test suite itself only reads the
output. Run from the repository root:

    /usr/bin/python3 tests/data/make-golden-kmeans.py > tests/data/kmeans-golden.txt
"""

import sys

import numpy as np
import sklearn
from sklearn.cluster import KMeans
from sklearn.datasets import make_blobs
from sklearn.metrics import (calinski_harabasz_score, davies_bouldin_score,
                             silhouette_score)


def write_case(name, x, init, tol):
    model = KMeans(n_clusters=len(init), init=init, n_init=1,
                   algorithm="lloyd", tol=tol, max_iter=300)
    model.fit(x)
    labels = model.labels_
    print("case", name, x.shape[0], x.shape[1], len(init), repr(tol))
    for row in x:
        print(" ".join(repr(float(v)) for v in row))
    for row in init:
        print(" ".join(repr(float(v)) for v in row))
    print(model.n_iter_, repr(float(model.inertia_)))
    print(" ".join(str(int(v)) for v in labels))
    for row in model.cluster_centers_:
        print(" ".join(repr(float(v)) for v in row))
    print(repr(float(silhouette_score(x, labels))),
          repr(float(calinski_harabasz_score(x, labels))),
          repr(float(davies_bouldin_score(x, labels))))


def write_restarts(name, x, k, n_init):
    """The inertia of scikit-learn's best of n_init k-means++ starts."""
    model = KMeans(n_clusters=k, init="k-means++", n_init=n_init,
                   algorithm="lloyd", random_state=0)
    model.fit(x)
    print("restarts", name, k, n_init, repr(float(model.inertia_)))


def main():
    print("# scikit-learn", sklearn.__version__,
          "- KMeans(lloyd, n_init=1, given init) and cluster metrics")
    # Well separated blobs, started from the first k points.
    x, _ = make_blobs(n_samples=400, n_features=3, centers=5,
                      cluster_std=1.2, random_state=11)
    write_case("blobs", x, x[:5].copy(), 1e-4)
    blobs = x
    # Overlapping clusters in more dimensions, a poor start: more
    # iterations, and the tolerance stop rather than a still assignment.
    x, _ = make_blobs(n_samples=600, n_features=6, centers=4,
                      cluster_std=3.5, random_state=5)
    rng = np.random.RandomState(3)
    write_case("overlap", x, x[rng.choice(len(x), 6, replace=False)], 1e-2)
    write_restarts("blobs", blobs, 5, 10)
    write_restarts("overlap", x, 4, 10)
    write_restarts("overlap", x, 6, 10)
    write_restarts("overlap", x, 9, 10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
