#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes naive-bayes-golden.txt: scikit-learn's GaussianNB and
CategoricalNB fitted on generated data (and on the MovieLens 100K users
when the shared data is there; only fitted numbers are stored, never the
data). Each case starts with "case NAME"; then every line is a key, a
count and that many numbers."""

import os
import sys

import numpy as np
from sklearn.naive_bayes import CategoricalNB, GaussianNB


def put(out, key, values):
    values = np.asarray(values, dtype=float).ravel()
    out.write("%s %d %s\n" % (key, len(values), " ".join(repr(float(v)) for v in values)))


def softmax_rows(jll):
    jll = jll - jll.max(axis=1, keepdims=True)
    e = np.exp(jll)
    return e / e.sum(axis=1, keepdims=True)


def gaussian_data(rng, n, p, k):
    means = rng.normal(0, 3, size=(k, p))
    scales = rng.uniform(0.5, 2.5, size=(k, p))
    y = rng.integers(0, k, size=n)
    y[:k] = np.arange(k)
    x = means[y] + scales[y] * rng.normal(size=(n, p))
    return x, y


def categorical_data(rng, n, cards, k):
    y = rng.integers(0, k, size=n)
    y[:k] = np.arange(k)
    x = np.zeros((n, len(cards)))
    for j, r in enumerate(cards):
        probs = rng.dirichlet(np.ones(r), size=k)
        for i in range(n):
            x[i, j] = rng.choice(r, p=probs[y[i]])
        x[: r, j] = np.arange(r)  # every code seen
    return x, y


def main():
    rng = np.random.default_rng(20261202)
    out = open(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                            "naive-bayes-golden.txt"), "w")
    out.write("# Made by make-golden-naive-bayes.py with scikit-learn; do not edit.\n")

    # Number columns, three classes, priors from the data.
    x, y = gaussian_data(rng, 150, 4, 3)
    t, _ = gaussian_data(rng, 30, 4, 3)
    m = GaussianNB().fit(x, y)
    out.write("case gaussian\n")
    put(out, "x", x); put(out, "y", y); put(out, "categorical", np.zeros(4))
    put(out, "alpha", [1.0]); put(out, "var_smoothing", [1e-9])
    put(out, "test", t)
    put(out, "prior", m.class_prior_); put(out, "epsilon", [m.epsilon_])
    put(out, "theta", m.theta_); put(out, "var", m.var_)
    put(out, "proba", m.predict_proba(t))

    # Weighted rows, given priors and a larger smoothing.
    x, y = gaussian_data(rng, 120, 3, 2)
    t, _ = gaussian_data(rng, 25, 3, 2)
    w = rng.uniform(0.2, 3.0, size=len(y))
    m = GaussianNB(priors=[0.3, 0.7], var_smoothing=1e-3).fit(x, y, sample_weight=w)
    out.write("case gaussian-weighted\n")
    put(out, "x", x); put(out, "y", y); put(out, "weight", w)
    put(out, "categorical", np.zeros(3)); put(out, "priors", [0.3, 0.7])
    put(out, "alpha", [1.0]); put(out, "var_smoothing", [1e-3])
    put(out, "test", t)
    put(out, "prior", m.class_prior_); put(out, "epsilon", [m.epsilon_])
    put(out, "theta", m.theta_); put(out, "var", m.var_)
    put(out, "proba", m.predict_proba(t))

    # Category columns, alpha 1 and 0.5.
    for alpha in (1.0, 0.5):
        cards = [3, 5, 2]
        x, y = categorical_data(rng, 200, cards, 2)
        t, _ = categorical_data(rng, 30, cards, 2)
        m = CategoricalNB(alpha=alpha).fit(x, y)
        out.write("case categorical-%g\n" % alpha)
        put(out, "x", x); put(out, "y", y); put(out, "categorical", np.ones(3))
        put(out, "alpha", [alpha]); put(out, "var_smoothing", [1e-9])
        put(out, "test", t)
        put(out, "prior", np.exp(m.class_log_prior_))
        put(out, "log_prob", np.concatenate([f.ravel() for f in m.feature_log_prob_]))
        put(out, "proba", m.predict_proba(t))

    # Both kinds in one model: the two joint log likelihoods added, the
    # class prior counted once.
    xg, y = gaussian_data(rng, 180, 2, 3)
    tg, _ = gaussian_data(rng, 20, 2, 3)
    xc, _ = categorical_data(rng, 180, [4, 3], 3)
    tc, _ = categorical_data(rng, 20, [4, 3], 3)
    g = GaussianNB().fit(xg, y)
    c = CategoricalNB(alpha=1.0).fit(xc, y)
    jll = g.predict_joint_log_proba(tg) + c.predict_joint_log_proba(tc) - np.log(g.class_prior_)
    x = np.column_stack([xg[:, 0], xc[:, 0], xg[:, 1], xc[:, 1]])
    t = np.column_stack([tg[:, 0], tc[:, 0], tg[:, 1], tc[:, 1]])
    out.write("case mixed\n")
    put(out, "x", x); put(out, "y", y); put(out, "categorical", [0, 1, 0, 1])
    put(out, "alpha", [1.0]); put(out, "var_smoothing", [1e-9])
    put(out, "test", t)
    put(out, "prior", g.class_prior_); put(out, "epsilon", [g.epsilon_])
    put(out, "proba", softmax_rows(jll))

    # MovieLens 100K users: gender from age and occupation (codes in order
    # of first appearance). The test reads u.user itself.
    users = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                         "..", "..", "..", "shared", "data", "ml-100k", "u.user")
    if len(sys.argv) > 1:
        users = sys.argv[1]
    if os.path.exists(users):
        ages, occs, genders, codes = [], [], [], {}
        for line in open(users, encoding="latin-1"):
            f = line.strip().split("|")
            ages.append(float(f[1]))
            occs.append(codes.setdefault(f[3], len(codes)))
            genders.append(1 if f[2] == "M" else 0)
        age = np.array(ages)[:, None]
        occ = np.array(occs)[:, None]
        y = np.array(genders)
        g = GaussianNB().fit(age, y)
        c = CategoricalNB(alpha=1.0).fit(occ, y)
        jll = g.predict_joint_log_proba(age) + c.predict_joint_log_proba(occ) - np.log(g.class_prior_)
        out.write("case ml100k-users\n")
        put(out, "prior", g.class_prior_)
        put(out, "theta", g.theta_); put(out, "var", g.var_)
        put(out, "log_prob", c.feature_log_prob_[0])
        put(out, "proba", softmax_rows(jll))
    out.close()


main()
