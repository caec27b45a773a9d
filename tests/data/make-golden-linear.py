#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes statsmodels' OLS/WLS and scikit-learn's Ridge fits that
tests/test-linear.c compares Segmenta's linear regression with.

    /usr/bin/python3 tests/data/make-golden-linear.py > tests/data/linear-golden.txt
"""

import sys

import numpy as np
import sklearn
import statsmodels
import statsmodels.api as sm
from sklearn.linear_model import Ridge


def fmt(values):
    return " ".join(repr(float(v)) for v in values)


def main():
    rng = np.random.RandomState(7)
    n, p = 120, 4
    # Correlated columns on different scales, like spend, visits, age.
    base = rng.normal(size=(n, p))
    x = base @ np.array([[1.0, 0.3, 0.0, 0.0],
                         [0.0, 1.0, 0.5, 0.0],
                         [0.0, 0.0, 1.0, 0.2],
                         [0.0, 0.0, 0.0, 1.0]]) * [50.0, 2.0, 1.0, 10.0] + [200.0, 5.0, 0.0, 40.0]
    y = 3.0 + x @ [0.02, -1.5, 0.0, 0.3] + rng.normal(scale=2.0, size=n)
    w = rng.uniform(0.2, 3.0, size=n)

    print("# scikit-learn", sklearn.__version__, "statsmodels", statsmodels.__version__)
    print("data", n, p)
    for i in range(n):
        print(fmt([y[i], w[i]] + list(x[i])))

    design = sm.add_constant(x)
    for name, weights in (("ols", None), ("wls", w)):
        if weights is None:
            fit = sm.OLS(y, design).fit()
        else:
            fit = sm.WLS(y, design, weights=weights).fit()
        print("case", name, 0.0, 0 if weights is None else 1)
        print("coef", fmt(fit.params))
        print("bse", fmt(fit.bse))
        print("t", fmt(fit.tvalues))
        print("p", fmt(fit.pvalues))
        print("summary", fmt([fit.rsquared, fit.rsquared_adj, np.sqrt(fit.scale),
                              fit.fvalue, fit.f_pvalue]))

    for name, alpha, weights in (("ridge", 1.5, None), ("ridge-weighted", 40.0, w)):
        ridge = Ridge(alpha=alpha, solver="svd").fit(x, y, sample_weight=weights)
        print("case", name, alpha, 0 if weights is None else 1)
        print("coef", fmt([ridge.intercept_] + list(ridge.coef_)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
