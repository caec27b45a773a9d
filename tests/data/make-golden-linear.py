#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes statsmodels' OLS/WLS and scikit-learn's Ridge fits that
tests/test-linear.c compares Segmenta's linear regression with: on
generated data, and on the CDNOW customers (the mean value of a repeat
purchase, zbar, against the purchase counts and times x, t_x and T of
the 946 customers who bought again) when the shared data is there. Only
the fitted numbers are written, never the data.

    /usr/bin/python3 tests/data/make-golden-linear.py [SHARED_DATA] > tests/data/linear-golden.txt
"""

import os
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

    shared = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "data")
    path = os.path.join(shared, "cdnow", "cdnow_customers_summary_with_transactions.csv")
    if os.path.exists(path):
        table = np.genfromtxt(path, delimiter=",", names=True)
        table = table[table["x"] > 0]
        design = sm.add_constant(np.column_stack([table["x"], table["t_x"], table["T"]]))
        fit = sm.OLS(table["zbar"], design).fit()
        print("cdnow", len(table))
        print("coef", fmt(fit.params))
        print("bse", fmt(fit.bse))
        print("t", fmt(fit.tvalues))
        print("p", fmt(fit.pvalues))
        print("summary", fmt([fit.rsquared, fit.rsquared_adj, np.sqrt(fit.scale),
                              fit.fvalue, fit.f_pvalue]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
