#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes scikit-learn's DBSCAN labels and core points that
tests/test-dbscan.c compares Segmenta's DBSCAN with.

    /usr/bin/python3 tests/data/make-golden-dbscan.py > tests/data/dbscan-golden.txt
"""

import sys

import numpy as np
import sklearn
from sklearn.cluster import DBSCAN
from sklearn.datasets import make_blobs, make_moons
from sklearn.neighbors import NearestNeighbors


def write_case(name, x, eps, min_samples):
    model = DBSCAN(eps=eps, min_samples=min_samples).fit(x)
    core = np.zeros(len(x), dtype=int)
    core[model.core_sample_indices_] = 1
    print("case", name, x.shape[0], x.shape[1], repr(eps), min_samples)
    for row in x:
        print(" ".join(repr(float(v)) for v in row))
    print(" ".join(str(int(v)) for v in model.labels_))
    print(" ".join(str(int(v)) for v in core))
    # The k-distance curve for min_samples, the point itself counted.
    distances, _ = NearestNeighbors(n_neighbors=min_samples).fit(x).kneighbors(x)
    print("kdist", " ".join(repr(float(v)) for v in distances[:, -1]))


def main():
    print("# scikit-learn", sklearn.__version__, "- DBSCAN")
    rng = np.random.RandomState(4)
    x, _ = make_moons(n_samples=600, noise=0.08, random_state=4)
    x = np.vstack([x, rng.uniform(-1.5, 2.5, size=(80, 2))])
    write_case("moons", x, 0.12, 6)
    x, _ = make_blobs(n_samples=700, n_features=3, centers=6,
                      cluster_std=0.9, random_state=9)
    write_case("blobs3d", x, 0.8, 8)
    x, _ = make_blobs(n_samples=500, n_features=5, centers=4,
                      cluster_std=1.0, random_state=2)
    write_case("blobs5d", x, 1.6, 5)
    return 0


if __name__ == "__main__":
    sys.exit(main())
