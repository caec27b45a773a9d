#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the decision-tree reference numbers that tests/test-tree.c
compares Segmenta's CART kernel with: scikit-learn's node arrays,
class probabilities of held-out rows, feature importances and the
cost-complexity pruning path.

Needs Debian's python3-sklearn; the test suite itself only reads the
output. Run from the repository root:

    /usr/bin/python3 tests/data/make-golden-tree.py > tests/data/tree-golden.txt

scikit-learn visits the features in a random order and keeps the first
of equally good splits, and sums weights in an order of its own, so a
tree only has one right answer when no two splits come within rounding
of each other. Each data set is therefore drawn again, from the next
seed, until no node has two candidate splits within 1e-9 of each other
and eight random_state values grow the same tree. The features are
multiples of 1/4096, so that scikit-learn's float32 copy of them is exact.
"""

import sys

import numpy as np
import sklearn
from sklearn.tree import DecisionTreeClassifier
from sklearn.utils.class_weight import compute_sample_weight


def draw(seed, n, p, k, imbalance):
    rng = np.random.default_rng(seed)
    x = np.round(rng.normal(size=(n, p)) * 4096) / 4096
    score = x[:, 0] - 0.8 * x[:, 1] * x[:, 2] + 0.5 * np.sin(2 * x[:, 3 % p])
    score += rng.normal(scale=0.6, size=n) + imbalance
    edges = np.quantile(score, np.linspace(0, 1, k + 1)[1:-1])
    y = np.searchsorted(edges, score).astype(np.int64)
    test = np.round(rng.normal(size=(40, p)) * 4096) / 4096
    weight = rng.integers(1, 4, size=n).astype(np.float64) / 2
    return x, y, test, weight


def impurity(counts, total, criterion):
    share = counts / np.maximum(total, 1e-300)[:, None]
    if criterion == "gini":
        return 1.0 - (share ** 2).sum(axis=1)
    logs = np.log2(np.where(share > 0, share, 1.0))
    return -(share * logs).sum(axis=1)


def near_tie(model, x, y, w, k, criterion, min_leaf):
    """Whether some node's best split is within rounding of another one:
    then the winner depends on the order of floating-point sums."""
    t = model.tree_
    path = model.decision_path(x).toarray().astype(bool)
    for node in range(t.node_count):
        if t.children_left[node] < 0:
            continue
        rows = path[:, node]
        xs, ys, ws = x[rows], y[rows], w[rows]
        proxies = []
        for f in range(x.shape[1]):
            order = np.argsort(xs[:, f], kind="stable")
            v = xs[order, f]
            onehot = np.zeros((len(v), k))
            onehot[np.arange(len(v)), ys[order]] = ws[order]
            left = np.cumsum(onehot, axis=0)[:-1]
            right = onehot.sum(axis=0) - left
            wl, wr = left.sum(axis=1), right.sum(axis=1)
            n_left = np.arange(1, len(v))
            ok = (v[1:] > v[:-1] + 1e-7) & (n_left >= min_leaf) & (len(v) - n_left >= min_leaf)
            proxy = -wr * impurity(right, wr, criterion) - wl * impurity(left, wl, criterion)
            proxies.extend(proxy[ok])
        proxies = np.sort(proxies)[::-1]
        if len(proxies) > 1 and proxies[0] - proxies[1] <= 1e-9 * max(1.0, abs(proxies[0])):
            return True
    return False


def same(a, b):
    return (np.array_equal(a.tree_.feature, b.tree_.feature) and
            np.array_equal(a.tree_.threshold, b.tree_.threshold) and
            np.array_equal(a.tree_.children_left, b.tree_.children_left))


def numbers(values):
    return " ".join(repr(float(v)) for v in values)


def write_case(name, n, p, k, criterion, max_depth, min_samples_leaf,
               balanced, weighted, prune, imbalance=0.0):
    seed = sum(map(ord, name))
    while True:
        x, y, test, weight = draw(seed, n, p, k, imbalance)
        if balanced:
            # Uneven classes, so that balancing changes something.
            keep = (y != 0) | (np.arange(n) % 3 == 0)
            x, y, weight = x[keep], y[keep], weight[keep]
        args = dict(criterion=criterion, max_depth=max_depth,
                    min_samples_leaf=min_samples_leaf,
                    class_weight="balanced" if balanced else None)
        w = weight if weighted else None
        trees = [DecisionTreeClassifier(random_state=r, **args).fit(x, y, sample_weight=w)
                 for r in range(8)]
        sw = (w if w is not None else np.ones(len(y))) * \
            (compute_sample_weight("balanced", y) if balanced else 1.0)
        if (all(same(trees[0], t) for t in trees[1:]) and
                not near_tie(trees[0], x, y, sw, k, criterion, min_samples_leaf)):
            break
        seed += 1000

    full = trees[0]
    path = full.cost_complexity_pruning_path(x, y, sample_weight=w)
    alpha = 0.0
    if prune:
        # Half way between two effective alphas, away from either.
        i = len(path.ccp_alphas) // 2
        alpha = (path.ccp_alphas[i] + path.ccp_alphas[i + 1]) / 2
    tree = DecisionTreeClassifier(random_state=0, ccp_alpha=alpha, **args).fit(x, y, sample_weight=w)
    t = tree.tree_

    print("case", name, len(x), p, k, criterion, max_depth or 0, min_samples_leaf,
          int(balanced), int(weighted), repr(float(alpha)))
    print(numbers(x.ravel()))
    print(" ".join(str(int(v)) for v in y))
    if weighted:
        print(numbers(weight))
    print("nodes", t.node_count)
    for i in range(t.node_count):
        leaf = t.children_left[i] < 0
        print(-1 if leaf else int(t.feature[i]),
              repr(0.0 if leaf else float(t.threshold[i])),
              int(t.children_left[i]), int(t.children_right[i]),
              int(t.n_node_samples[i]), repr(float(t.weighted_n_node_samples[i])),
              repr(float(t.impurity[i])), numbers(t.value[i, 0]))
    print("test", len(test))
    print(numbers(test.ravel()))
    print(numbers(tree.predict_proba(test).ravel()))
    print(numbers(tree.apply(test)))
    print(numbers(tree.feature_importances_))
    print("path", len(path.ccp_alphas))
    print(numbers(path.ccp_alphas))
    print(numbers(path.impurities))


print("# scikit-learn %s - DecisionTreeClassifier(splitter='best'), pruning path"
      % sklearn.__version__)
write_case("gini-depth3", 240, 5, 2, "gini", 3, 1, False, False, False)
write_case("entropy-depth6-leaf5", 260, 5, 3, "entropy", 6, 5, False, False, False)
write_case("gini-depth6-leaf5-balanced", 300, 4, 2, "gini", 6, 5, True, False, False, 0.8)
write_case("entropy-depth5-leaf4-balanced-weights", 260, 4, 3, "entropy", 5, 4, True, True, False)
write_case("gini-depth6-leaf4-pruned", 200, 4, 2, "gini", 6, 4, False, False, True)
sys.stdout.flush()
