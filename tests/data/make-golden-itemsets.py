#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the association-rule reference numbers that tests/test-itemsets.c
compares Segmenta's itemset kernel with, on the Groceries baskets of R's
arules package.

The reference is a plain level-wise enumeration on a boolean basket ×
item matrix (numpy): every frequent itemset is extended by each later
item and counted on the baskets that hold it, so nothing is shared with
the C code but the definitions. p-values come from scipy's
fisher_exact (one-sided, 'greater') and the corrections from
statsmodels' multipletests. Run from the repository root:

    /usr/bin/python3 tests/data/make-golden-itemsets.py \\
        PATH/TO/groceries.csv > tests/data/itemsets-golden.txt

Lines are tab-separated; item names are joined by '|' (names may end in
a space, so fields are never stripped).
"""

import math
import sys
import time

import numpy as np
from scipy.stats import fisher_exact
from statsmodels.stats.multitest import multipletests


def read_baskets(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if text.endswith("\n"):
        text = text[:-1]
    baskets = [set(line.rstrip("\r").split(",")) if line else set()
               for line in text.split("\n")]
    names = sorted({name for basket in baskets for name in basket},
                   key=lambda s: s.encode("utf-8"))
    column = {name: j for j, name in enumerate(names)}
    matrix = np.zeros((len(baskets), len(names)), dtype=bool)
    for i, basket in enumerate(baskets):
        for name in basket:
            matrix[i, column[name]] = True
    return names, matrix


def frequent_itemsets(matrix, min_count, max_length):
    """All itemsets (tuples of column indices, ascending) held by at least
    min_count baskets, with their counts."""
    counts = matrix.sum(axis=0)
    found = {}
    frontier = []
    for j in range(matrix.shape[1]):
        if counts[j] >= min_count:
            found[(j,)] = int(counts[j])
            frontier.append(((j,), matrix[:, j]))
    length = 1
    while frontier and length < max_length:
        nxt = []
        for items, rows in frontier:
            sub = matrix[rows]
            ext = sub[:, items[-1] + 1:].sum(axis=0)
            for offset in np.nonzero(ext >= min_count)[0]:
                j = items[-1] + 1 + int(offset)
                itemset = items + (j,)
                found[itemset] = int(ext[offset])
                nxt.append((itemset, rows & matrix[:, j]))
        frontier = nxt
        length += 1
    return found


def rules_of(found, n, item_count, min_conf):
    rules = []
    for itemset, count in found.items():
        if len(itemset) < 2:
            continue
        for rhs in itemset:
            lhs = tuple(i for i in itemset if i != rhs)
            lhs_count = found[lhs]
            conf = count / lhs_count
            if conf >= min_conf:
                rules.append((lhs, rhs, count, lhs_count))
    out = []
    for lhs, rhs, count, lhs_count in rules:
        rhs_count = item_count[rhs]
        supp = count / n
        conf = count / lhs_count
        cover = lhs_count / n
        rsupp = rhs_count / n
        lift = conf / rsupp
        leverage = supp - cover * rsupp
        conviction = math.inf if count == lhs_count else (1 - rsupp) / (1 - conf)
        table = [[count, lhs_count - count],
                 [rhs_count - count, n - lhs_count - rhs_count + count]]
        p = fisher_exact(table, alternative="greater")[1]
        # Redundant: a non-empty proper subset of lhs with the same rhs
        # has at least this confidence.
        redundant = False
        k = len(lhs)
        for mask in range(1, (1 << k) - 1):
            sub = tuple(lhs[i] for i in range(k) if mask >> i & 1)
            # count(sub+rhs)/count(sub) >= count/lhs_count, in integers.
            if found[tuple(sorted(sub + (rhs,)))] * lhs_count >= count * found[sub]:
                redundant = True
                break
        out.append(dict(lhs=lhs, rhs=rhs, count=count, support=supp,
                        confidence=conf, lift=lift, leverage=leverage,
                        conviction=conviction, coverage=cover, p=p,
                        redundant=redundant))
    return out


def names_of(names, items):
    return "|".join(names[i] for i in items)


def main():
    names, matrix = read_baskets(sys.argv[1])
    n = matrix.shape[0]
    item_count = matrix.sum(axis=0)
    support = 0.001
    min_count = math.ceil(support * n - 1e-9)
    start = time.monotonic()
    found = frequent_itemsets(matrix, min_count, 10)
    elapsed = time.monotonic() - start

    print("# Groceries (arules), made by tests/data/make-golden-itemsets.py:")
    print("# a level-wise numpy enumeration, scipy fisher_exact and")
    print("# statsmodels multipletests. Tab-separated; items joined by '|'.")
    print(f"# The enumeration took {elapsed:.2f} s.")
    print(f"baskets\t{n}\titems\t{matrix.shape[1]}\tmin_count\t{min_count}")
    by_length = {}
    for itemset in found:
        by_length[len(itemset)] = by_length.get(len(itemset), 0) + 1
    print("itemsets\t%g\t%d\t%s" % (support, len(found),
          " ".join(f"{k}:{v}" for k, v in sorted(by_length.items()))))

    closed = maximal = 0
    for itemset, count in found.items():
        supersets = [tuple(sorted(itemset + (j,))) for j in range(matrix.shape[1])
                     if j not in itemset]
        frequent = [s for s in supersets if s in found]
        if not frequent:
            maximal += 1
        if all(found[s] != count for s in frequent):
            closed += 1
    print(f"closed\t{support:g}\t{closed}")
    print(f"maximal\t{support:g}\t{maximal}")

    for conf in (0.8, 0.5):
        rules = rules_of(found, n, item_count, conf)
        by_length = {}
        for r in rules:
            k = len(r["lhs"]) + 1
            by_length[k] = by_length.get(k, 0) + 1
        print("rules\t%g\t%g\t%d\t%s" % (support, conf, len(rules),
              " ".join(f"{k}:{v}" for k, v in sorted(by_length.items()))))
        print("redundant\t%g\t%g\t%d" % (support, conf,
              sum(r["redundant"] for r in rules)))
        rules.sort(key=lambda r: (-r["lift"], -r["confidence"], -r["count"],
                                  r["lhs"], r["rhs"]))
        top = rules[0]
        print("top\t%g\t%g\t%s\t%s\t%.12g\t%.12g\t%.12g\t%.12g\t%.12g\t%.12g\t%.12g" % (
            support, conf, names_of(names, top["lhs"]), names[top["rhs"]],
            top["support"], top["confidence"], top["lift"], top["leverage"],
            top["conviction"], top["coverage"], top["p"]))
        p = np.array([r["p"] for r in rules])
        adjusted = {
            "bonferroni": multipletests(p, method="bonferroni")[1],
            "holm": multipletests(p, method="holm")[1],
            "bh": multipletests(p, method="fdr_bh")[1],
        }
        # A spread of rules: the first, some in between, the last by lift.
        picks = sorted({0, 1, 7, len(rules) // 3, len(rules) // 2, len(rules) - 1})
        for i in picks:
            r = rules[i]
            print("rule\t%g\t%g\t%s\t%s\t%d\t%.12g\t%.12g\t%.12g\t%.12g\t%s\t%d" % (
                support, conf, names_of(names, r["lhs"]), names[r["rhs"]],
                r["count"], r["p"], adjusted["bonferroni"][i],
                adjusted["holm"][i], adjusted["bh"][i],
                "inf" if math.isinf(r["conviction"]) else "%.12g" % r["conviction"],
                r["redundant"]))


if __name__ == "__main__":
    main()
