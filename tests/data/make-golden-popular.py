#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the best-seller recommendations that tests/test-models.c
compares Segmenta's popularity recommender with, on the sample shop's
order lines, computed independently with pandas.

Each customer is offered the 5 products bought by the most distinct
customers that they have not bought themselves; ties go to the product
that appears first in the file. The score is the share of customers who
bought the product. Needs Debian's python3-pandas; the test suite only
reads the output. Run from the repository root:

    /usr/bin/python3 tests/data/make-golden-popular.py > tests/data/popular-golden.txt
"""

import pandas as pd

TOP = 5

orders = pd.read_csv("data/samples/orders.csv", dtype=str)
orders = orders.dropna(subset=["customer_id", "sku"])

customers = orders["customer_id"].drop_duplicates().tolist()
first_seen = {sku: i for i, sku in enumerate(orders["sku"].drop_duplicates())}
buyers = orders.drop_duplicates(["customer_id", "sku"]).groupby("sku").size()

ranking = sorted(buyers.index, key=lambda sku: (-buyers[sku], first_seen[sku]))
bought = orders.groupby("customer_id")["sku"].agg(set)

print("# customer rank item score")
for customer in customers:
    offered = [sku for sku in ranking if sku not in bought[customer]][:TOP]
    for rank, sku in enumerate(offered, start=1):
        print(f"{customer} {rank} {sku} {buyers[sku] / len(customers):.17g}")
