#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes SciPy's linkage matrices and k-cuts that tests/test-hierarchy.c
compares Segmenta's agglomerative clustering with.

    /usr/bin/python3 tests/data/make-golden-linkage.py > tests/data/linkage-golden.txt
"""

import sys

import numpy as np
import scipy
from scipy.cluster.hierarchy import fcluster, linkage


def main():
    rng = np.random.RandomState(17)
    # Three loose groups and some strays, in three dimensions; continuous
    # values, so that no two merge heights are equal.
    x = np.vstack([rng.normal(loc, 1.0, size=(25, 3))
                   for loc in ([0, 0, 0], [6, 1, 0], [2, 7, 3])]
                  + [rng.uniform(-4, 10, size=(15, 3))])
    print("# scipy", scipy.__version__, "- linkage and fcluster(maxclust)")
    print("points", x.shape[0], x.shape[1])
    for row in x:
        print(" ".join(repr(float(v)) for v in row))
    for method in ("ward", "average", "complete", "single"):
        z = linkage(x, method=method)
        print("method", method)
        for row in z:
            print(int(row[0]), int(row[1]), repr(float(row[2])), int(row[3]))
        for k in (2, 3, 5):
            labels = fcluster(z, k, criterion="maxclust")
            print("cut", k, " ".join(str(int(v)) for v in labels))
    return 0


if __name__ == "__main__":
    sys.exit(main())
