#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Cross-checks ml100k-neighbour-golden.txt with a dense NumPy transcription
of the definitions (not Segmenta's sparse code):

- KNNBaseline, item-based, Pearson-baseline similarity with shrinkage 100,
  k = 40, min_k = 1, baseline by ALS (reg_i 10, reg_u 15, 10 epochs), as
  the Surprise library defines them, on the five folds u1..u5;
- item-kNN for purchases (cosine, 50 neighbours) and popularity on
  ua.base -> ua.test, precision@10 and NDCG@10.

Usage: make-golden-ml100k-neighbours.py ML100K_DIR
It prints the figures; the golden file holds them with tolerances.
"""
import os
import sys

import numpy as np

N_USERS, N_ITEMS = 943, 1682


def load(path):
    data = np.loadtxt(path, dtype=float)[:, :3]
    return data[:, 0].astype(int) - 1, data[:, 1].astype(int) - 1, data[:, 2]


def knn_baseline_fold(directory, fold):
    u, i, r = load(os.path.join(directory, "u%d.base" % fold))
    tu, ti, tr = load(os.path.join(directory, "u%d.test" % fold))
    mu = r.mean()
    ratings = np.zeros((N_USERS, N_ITEMS))
    rated = np.zeros((N_USERS, N_ITEMS), bool)
    ratings[u, i] = r
    rated[u, i] = True
    per_user, per_item = rated.sum(1), rated.sum(0)
    bu, bi = np.zeros(N_USERS), np.zeros(N_ITEMS)
    for _ in range(10):
        bi = ((ratings - mu - bu[:, None]) * rated).sum(0) / (10 + per_item)
        bu = ((ratings - mu - bi[None, :]) * rated).sum(1) / (15 + per_user)
    residual = (ratings - (mu + bu[:, None] + bi[None, :])) * rated
    mask = rated.astype(float)
    prods = residual.T @ residual
    squares = (residual ** 2).T @ mask    # [a, b]: Σ over common raters of a's
    common = mask.T @ mask
    with np.errstate(all="ignore"):
        sim = prods / np.sqrt(squares * squares.T)
        sim *= (common - 1) / (common - 1 + 100)
    sim[common < 2] = 0
    sim = np.nan_to_num(sim)

    predicted = []
    for user, item in zip(tu, ti):
        est = mu + bu[user] + bi[item]
        if per_user[user] > 0 and per_item[item] > 0:
            js = np.nonzero(rated[user])[0]
            s = sim[item, js]
            order = np.argsort(-s, kind="stable")[:40]
            s, js = s[order], js[order]
            keep = s > 0
            if keep.any():
                nb = mu + bu[user] + bi[js[keep]]
                est += (s[keep] * (ratings[user, js[keep]] - nb)).sum() / s[keep].sum()
        predicted.append(min(5.0, max(1.0, est)))
    predicted = np.array(predicted)
    return np.sqrt(((predicted - tr) ** 2).mean()), np.abs(predicted - tr).mean()


def top10_metrics(scores, bought, test):
    scores = scores.copy()
    scores[bought] = -np.inf
    precision = ndcg = 0.0
    users = 0
    for user in range(N_USERS):
        relevant = set(np.nonzero(test[user])[0])
        if not relevant:
            continue
        # Best first, ties to the lower item.
        top = np.lexsort((np.arange(N_ITEMS), -scores[user]))[:10]
        hits = [1.0 if j in relevant else 0.0 for j in top]
        dcg = sum(h / np.log2(k + 2) for k, h in enumerate(hits))
        ideal = sum(1 / np.log2(k + 2) for k in range(min(10, len(relevant))))
        precision += sum(hits) / 10
        ndcg += dcg / ideal
        users += 1
    return precision / users, ndcg / users


def purchases(directory):
    u, i, _ = load(os.path.join(directory, "ua.base"))
    tu, ti, _ = load(os.path.join(directory, "ua.test"))
    x = np.zeros((N_USERS, N_ITEMS))
    x[u, i] = 1
    test = np.zeros((N_USERS, N_ITEMS), bool)
    test[tu, ti] = True
    norms = np.sqrt(x.sum(0))
    with np.errstate(all="ignore"):
        sim = np.nan_to_num((x.T @ x) / np.outer(norms, norms))
    np.fill_diagonal(sim, 0)
    # Keep each item's 50 most similar (ties to the lower index), positive.
    kept = np.zeros_like(sim)
    for j in range(N_ITEMS):
        order = np.lexsort((np.arange(N_ITEMS), -sim[j]))[:50]
        order = order[sim[j, order] > 0]
        kept[j, order] = sim[j, order]
    bought = x > 0
    nothing = np.zeros_like(bought)
    popular = np.tile(x.sum(0), (N_USERS, 1))
    knn = x @ kept
    for name, scores in (("popular", popular), ("item-knn", knn)):
        p, n = top10_metrics(scores, bought, test)
        print("%s-precision %.4f\n%s-ndcg %.4f" % (name, p, name, n))
        p, n = top10_metrics(scores, nothing, test)
        print("%s-kept-precision %.4f\n%s-kept-ndcg %.4f" % (name, p, name, n))


def main():
    directory = sys.argv[1]
    errors = [knn_baseline_fold(directory, fold) for fold in range(1, 6)]
    rmse, mae = np.mean(errors, axis=0)
    print("knn-baseline-item-pearson-baseline-rmse %.4f" % rmse)
    print("knn-baseline-item-pearson-baseline-mae %.4f" % mae)
    purchases(directory)


if __name__ == "__main__":
    main()
