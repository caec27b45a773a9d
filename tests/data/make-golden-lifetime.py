#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Reference values for tests/test-lifetime.c, written to lifetime-golden.txt.

The lifetimes library is not packaged for Debian, so the values come from
the published closed forms evaluated with mpmath at 40 digits: BG/NBD
(Fader, Hardie & Lee 2005, equations (6), (7), (10) and (11)) with
mpmath's own 2F1; Pareto/NBD's likelihood from its integral form
(Fader & Hardie 2005 note, before the 2F1 is taken), integrated by
mpmath.quad, so that it checks the hypergeometric route of the C code;
Gamma-Gamma's conditional mean spend; and the lifetime value as the
lifetimes library's customer_lifetime_value sums it, in weeks (4.345 a
month), times a margin.

Lines:
  bgnbd r alpha a b
  bg x t_x T t loglik p_alive expected
  bgnew t expected
  pareto r alpha s beta
  pn x t_x T t loglik p_alive expected
  pnnew t expected
  gg p q v
  spend x m expected
  clv months margin discount units_per_month
  cv x t_x T m value
  corr cdnow-correlation   (with the CDNOW directory as the argument:
                            numpy's Pearson correlation of x and zbar
                            over the 946 repeat customers)
"""

import os
import sys

import mpmath as mp

mp.mp.dps = 40

BG = (0.2426, 4.4135, 0.7929, 2.4258)
PN = (0.5534, 10.5802, 0.6061, 11.6562)
PN_FAR = (0.55, 40.0, 0.6, 1.0)
GG = (6.25, 3.74, 15.45)

CUSTOMERS = [
    (0, 0.0, 38.86),
    (0, 0.0, 0.5),
    (1, 1.71, 38.86),
    (2, 30.43, 38.86),
    (7, 29.43, 35.0),
    (7, 5.0, 35.0),
    (40, 38.0, 39.0),
    (300, 370.0, 380.0),
]
HORIZONS = [1.0, 10.0, 39.0]


def bg_ll(p, x, tx, T):
    r, al, a, b = map(mp.mpf, p)
    x, tx, T = mp.mpf(x), mp.mpf(tx), mp.mpf(T)
    head = mp.beta(a, b + x) / mp.beta(a, b) * mp.gamma(r + x) * al ** r / mp.gamma(r)
    body = (al + T) ** (-(r + x))
    if x > 0:
        body += a / (b + x - 1) * (al + tx) ** (-(r + x))
    return mp.log(head * body)


def bg_alive(p, x, tx, T):
    r, al, a, b = map(mp.mpf, p)
    if x == 0:
        return mp.mpf(1)
    return 1 / (1 + a / (b + x - 1) * ((al + T) / (al + tx)) ** (r + x))


def bg_expected(p, x, tx, T, t):
    r, al, a, b = map(mp.mpf, p)
    x, tx, T, t = mp.mpf(x), mp.mpf(tx), mp.mpf(T), mp.mpf(t)
    z = t / (al + T + t)
    h = mp.hyp2f1(r + x, b + x, a + b + x - 1, z)
    num = (a + b + x - 1) / (a - 1) * (1 - ((al + T) / (al + T + t)) ** (r + x) * h)
    return num * bg_alive(p, x, tx, T)


def bg_new(p, t):
    r, al, a, b = map(mp.mpf, p)
    t = mp.mpf(t)
    h = mp.hyp2f1(r, b, a + b - 1, t / (al + t))
    return (a + b - 1) / (a - 1) * (1 - (al / (al + t)) ** r * h)


def pn_parts(p, x, tx, T):
    r, al, s, be = map(mp.mpf, p)
    x, tx, T = mp.mpf(x), mp.mpf(tx), mp.mpf(T)
    head = mp.gamma(r + x) * al ** r * be ** s / mp.gamma(r)
    first = (al + T) ** (-(r + x)) * (be + T) ** (-s)
    second = s * mp.quad(lambda u: (al + u) ** (-(r + x)) * (be + u) ** (-(s + 1)), [tx, T]) if T > tx else 0
    return head, first, second


def pn_ll(p, x, tx, T):
    head, first, second = pn_parts(p, x, tx, T)
    return mp.log(head * (first + second))


def pn_alive(p, x, tx, T):
    head, first, second = pn_parts(p, x, tx, T)
    return first / (first + second)


def pn_expected(p, x, tx, T, t):
    r, al, s, be = map(mp.mpf, p)
    x, T, t = mp.mpf(x), mp.mpf(T), mp.mpf(t)
    f = (r + x) * (be + T) / ((al + T) * (s - 1)) * (1 - ((be + T) / (be + T + t)) ** (s - 1))
    return pn_alive(p, x, tx, T) * f


def pn_new(p, t):
    r, al, s, be = map(mp.mpf, p)
    t = mp.mpf(t)
    return r * be / (al * (s - 1)) * (1 - (be / (be + t)) ** (s - 1))


def spend(p, x, m):
    pp, q, v = map(mp.mpf, p)
    x, m = mp.mpf(x), mp.mpf(m)
    if x == 0:
        return pp * v / (q - 1)
    return pp * (v + x * m) / (pp * x + q - 1)


def clv(x, tx, T, m, months, margin, rate, upm):
    value = spend(GG, x, m) * margin
    total = mp.mpf(0)
    before = mp.mpf(0)
    for k in range(1, months + 1):
        e = bg_expected(BG, x, tx, T, k * upm)
        total += value * (e - before) / (1 + mp.mpf(rate)) ** k
        before = e
    return total


def g(v):
    return mp.nstr(v, 17, min_fixed=-mp.inf, max_fixed=mp.inf)


def main():
    out = ["# BG/NBD, Pareto/NBD, Gamma-Gamma and CLV closed forms with mpmath "
           + mp.__version__ + " at 40 digits; see make-golden-lifetime.py"]
    out.append("bgnbd " + " ".join(map(repr, BG)))
    for x, tx, T in CUSTOMERS:
        for t in HORIZONS:
            out.append("bg %r %r %r %r %s %s %s" % (float(x), tx, T, t, g(bg_ll(BG, x, tx, T)),
                                                   g(bg_alive(BG, x, tx, T)), g(bg_expected(BG, x, tx, T, t))))
    for t in HORIZONS + [100.0]:
        out.append("bgnew %r %s" % (t, g(bg_new(BG, t))))
    # The second set has alpha far above beta, where the C code leaves the
    # series for quadrature.
    for pn in (PN, PN_FAR):
        out.append("pareto " + " ".join(map(repr, pn)))
        for x, tx, T in CUSTOMERS:
            for t in HORIZONS:
                out.append("pn %r %r %r %r %s %s %s" % (float(x), tx, T, t, g(pn_ll(pn, x, tx, T)),
                                                       g(pn_alive(pn, x, tx, T)), g(pn_expected(pn, x, tx, T, t))))
        for t in HORIZONS + [100.0]:
            out.append("pnnew %r %s" % (t, g(pn_new(pn, t))))
    out.append("gg " + " ".join(map(repr, GG)))
    for x, m in [(0, 0.0), (1, 11.77), (2, 22.35), (7, 50.0), (300, 12.5)]:
        out.append("spend %r %r %s" % (float(x), m, g(spend(GG, x, m))))
    months, margin, rate, upm = 12, 0.3, 0.01, 4.345
    out.append("clv %d %r %r %r" % (months, margin, rate, upm))
    for (x, tx, T), m in zip(CUSTOMERS, [0.0, 0.0, 11.77, 22.35, 50.0, 30.0, 18.0, 12.5]):
        out.append("cv %r %r %r %r %s" % (float(x), tx, T, m, g(clv(x, tx, T, m, months, margin, rate, upm))))

    if len(sys.argv) > 1:
        import numpy as np
        import pandas as pd
        d = pd.read_csv(os.path.join(sys.argv[1], "cdnow_customers_summary_with_transactions.csv"))
        d = d[d.x > 0]
        out.append("corr %r" % float(np.corrcoef(d.x, d.zbar)[0, 1]))

    with open("lifetime-golden.txt", "w") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
