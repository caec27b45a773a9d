#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes scikit-learn's logistic regressions that tests/test-logistic.c
compares Segmenta's with: the coefficients, the intercept and the
probabilities of class 1 on the training rows, for every penalty, with and
without class and sample weights.

L2 and no penalty use the newton-cg solver: lbfgs stops on its relative
decrease of the objective (scipy's ftol, which LogisticRegression does not
expose) up to 1e-4 away from the optimum even with tol=1e-10. L1 and the
elastic net use saga. Every solution is checked here: the largest
component of its (minimum-norm sub)gradient must be below 1e-6.

    /usr/bin/python3 tests/data/make-golden-logistic.py > tests/data/logistic-golden.txt
"""

import sys
import warnings

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression


def dataset():
    rng = np.random.RandomState(7)
    n, p = 500, 6
    # Correlated features, standardised as the preparation step does.
    base = rng.normal(size=(n, 3))
    mix = np.array([[1.0, 0.6, 0.0, 0.3, 0.0, 0.2],
                    [0.0, 0.8, 1.0, 0.0, 0.4, 0.0],
                    [0.2, 0.0, 0.3, 1.0, 0.7, 0.1]])
    x = base @ mix + rng.normal(scale=0.5, size=(n, p))
    x = (x - x.mean(axis=0)) / x.std(axis=0)
    beta = np.array([1.2, -0.8, 0.0, 0.5, 0.0, -1.5])
    z = x @ beta - 1.0
    y = (rng.uniform(size=n) < 1 / (1 + np.exp(-z))).astype(float)
    w = rng.uniform(0.2, 3.0, size=n)
    return x, y, w


# name, penalty, C, l1_ratio, fit_intercept, class weight, sample weights
CASES = [
    ("l2-c0.1", "l2", 0.1, None, True, None, False),
    ("l2-c1", "l2", 1.0, None, True, None, False),
    ("l2-c10", "l2", 10.0, None, True, None, False),
    ("l2-balanced-weighted", "l2", 1.0, None, True, "balanced", True),
    ("l2-explicit-nointercept", "l2", 1.0, None, False, {0: 1.0, 1: 3.0}, False),
    ("l1-c0.5", "l1", 0.5, None, True, None, False),
    ("l1-c0.05-balanced", "l1", 0.05, None, True, "balanced", False),
    ("elasticnet-c0.5", "elasticnet", 0.5, 0.5, True, None, True),
    ("none", None, 1.0, None, True, None, False),
]


def optimality(x, y, sw, cw, c, penalty, l1_ratio, coef, intercept, fit_intercept):
    """The largest component of the objective's minimum-norm subgradient."""
    if cw == "balanced":
        counts = np.bincount(y.astype(int))
        class_w = len(y) / (2.0 * counts)
    elif cw is None:
        class_w = np.ones(2)
    else:
        class_w = np.array([cw[0], cw[1]])
    w = class_w[y.astype(int)] * (sw if sw is not None else 1.0)
    prob = 1 / (1 + np.exp(-(x @ coef + intercept)))
    r = c * w * (prob - y)
    grad = x.T @ r
    lam1 = {"l1": 1.0, "elasticnet": l1_ratio}.get(penalty, 0.0)
    lam2 = {"l2": 1.0, "elasticnet": 1 - (l1_ratio or 0)}.get(penalty, 0.0)
    grad = grad + lam2 * coef
    sub = np.where(coef > 0, grad + lam1,
                   np.where(coef < 0, grad - lam1,
                            np.maximum(np.abs(grad) - lam1, 0)))
    worst = np.max(np.abs(sub))
    if fit_intercept:
        worst = max(worst, abs(r.sum()))
    return worst


def fmt(values):
    return " ".join(repr(float(v)) for v in values)


def main():
    x, y, w = dataset()
    n, p = x.shape
    print("# scikit-learn", sklearn.__version__,
          "- LogisticRegression, newton-cg (L2, none) or saga (L1, elastic net), tol=1e-10")
    print("data", n, p)
    for i in range(n):
        print(fmt(x[i]), repr(float(y[i])), repr(float(w[i])))
    for name, penalty, c, l1_ratio, intercept, cw, weighted in CASES:
        solver = "saga" if penalty in ("l1", "elasticnet") else "newton-cg"
        model = LogisticRegression(penalty=penalty, C=c, l1_ratio=l1_ratio,
                                   fit_intercept=intercept, class_weight=cw,
                                   solver=solver, tol=1e-10,
                                   max_iter=1000000 if solver == "saga" else 200)
        with warnings.catch_warnings():
            # newton-cg's line search may fail at the optimum and call it
            # a failure to converge; the check below is what counts.
            warnings.simplefilter("ignore")
            model.fit(x, y, sample_weight=w if weighted else None)
        worst = optimality(x, y, w if weighted else None, cw, c, penalty, l1_ratio,
                           model.coef_[0], model.intercept_[0], intercept)
        print(name, solver, "optimality", worst, file=sys.stderr)
        assert worst < 1e-6, name
        if cw is None:
            cw_text = "none"
        elif cw == "balanced":
            cw_text = "balanced"
        else:
            cw_text = "%r,%r" % (cw[0], cw[1])
        print("case", name, penalty or "none", repr(c), repr(l1_ratio or 0.0),
              int(intercept), cw_text, int(weighted))
        print("coef", fmt(model.coef_[0]))
        print("intercept", repr(float(model.intercept_[0]) if intercept else 0.0))
        print("proba", fmt(model.predict_proba(x)[:, 1]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
