"""
browse: anonymous shoppers looking around, the catalog's read path through the gateway. A closed
model (VUS shoppers, each thinking about THINK seconds between pages) with a realistic mix:
about 40 % listing pages (some by category, some sorted, some page two), 30 % searches and 30 %
product pages with live availability.
"""

import random

from locust import between, task
from shop import run
from shop.api import Shopper, quote
from shop.catalog import CATALOG
from shop.scenarios import number_of
from shop.shapes import shape_of

# Its shape, settings and thresholds: load/scenarios.json (the k6 script reads the same).
run.scenario("browse")

THINK = number_of("THINK", "browse")
SORTS = ["relevance", "price_asc", "price_desc", "name", "newest"]


class Browser(Shopper):
    wait_time = between(THINK * 0.5, THINK * 1.5)

    @task(4)
    def listing(self):
        query = "limit=20"
        if CATALOG.categories and random.random() < 0.5:
            query += f"&category={random.choice(CATALOG.categories)['slug']}"
        if random.random() < 0.3:
            query += f"&sort={random.choice(SORTS)}"
        cursor = self.list_products(query).get("nextCursor")
        if cursor and random.random() < 0.3:
            self.list_products(f"{query}&cursor={quote(cursor)}")

    @task(3)
    def searching(self):
        self.search(random.choice(CATALOG.words))

    @task(3)
    def product(self):
        self.product_detail(random.choice(CATALOG.products)["id"])


Shape = shape_of("browse")
