#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the figures that tests/test-recommender.c compares Segmenta's
evaluation of the best sellers with, on the sample shop's order lines,
worked out independently with pandas.

The protocol is last-n with n = 1: each customer's (customer, product)
pairs are dated by their latest line; the latest pair of every customer
with at least two is held out (of pairs with the same date, the product
that appears later in the file). The best sellers are counted on the
pairs left, every customer is offered the 10 products with the most
buyers that they have not bought (ties to the product that appears first
in the file), and the offers are measured against the held-out pairs,
averaged over the customers who have one: precision, recall, NDCG, MAP
and hit rate at 10; coverage is the share of all products offered to
anyone. Needs Debian's python3-pandas; the test suite only reads the
output. Run from the repository root:

    /usr/bin/python3 tests/data/make-golden-evaluate.py > tests/data/evaluate-golden.txt
"""

import math

import pandas as pd

K = 10

orders = pd.read_csv("data/samples/orders.csv", dtype=str)
orders = orders.dropna(subset=["customer_id", "sku"])
orders["time"] = pd.to_datetime(orders["invoice_date"])

customers = orders["customer_id"].drop_duplicates().tolist()
item_index = {sku: i for i, sku in enumerate(orders["sku"].drop_duplicates())}
n_items = len(item_index)

pairs = orders.groupby(["customer_id", "sku"], sort=False)["time"].max().reset_index()
pairs["item"] = pairs["sku"].map(item_index)

held_out = {}
train = {}
for customer, group in pairs.groupby("customer_id", sort=False):
    ordered = group.sort_values(["time", "item"])
    items = ordered["item"].tolist()
    if len(items) >= 2:
        held_out[customer] = {items[-1]}
        train[customer] = set(items[:-1])
    else:
        held_out[customer] = set()
        train[customer] = set(items)

buyers = [0] * n_items
for items in train.values():
    for item in items:
        buyers[item] += 1
ranking = sorted(range(n_items), key=lambda item: (-buyers[item], item))

precision = recall = ndcg = average = hits = 0.0
measured = 0
offered = set()
for customer in customers:
    offers = [item for item in ranking if item not in train[customer]][:K]
    offered.update(offers)
    relevant = held_out[customer]
    if not relevant:
        continue
    measured += 1
    found = 0
    dcg = 0.0
    precisions = 0.0
    for rank, item in enumerate(offers):
        if item in relevant:
            found += 1
            dcg += 1.0 / math.log2(rank + 2)
            precisions += found / (rank + 1)
    ideal = sum(1.0 / math.log2(rank + 2) for rank in range(min(K, len(relevant))))
    precision += found / K
    recall += found / len(relevant)
    ndcg += dcg / ideal
    average += precisions / min(len(relevant), K)
    hits += found > 0

print("# customers precision recall ndcg map hit_rate coverage, at", K)
print(measured, *("%.17g" % (value / measured) for value in (precision, recall, ndcg, average, hits)),
      "%.17g" % (len(offered) / n_items))
