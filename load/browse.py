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
from shop.settings import integer, number, seconds
from shop.shapes import ConstantUsers
from shop.thresholds import error_ratio_below, percentile_below

run.scenario("browse", pages=4, thresholds=[
    error_ratio_below(0.01),
    percentile_below("GET /products", 0.95, 500),
    percentile_below("GET /products", 0.99, 1000),
    percentile_below("GET /products?q", 0.95, 800),
    percentile_below("GET /products/:id", 0.95, 500),
    percentile_below("GET /products/:id", 0.99, 1000),
])

THINK = number("THINK", 1)
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


class Shape(ConstantUsers):
    users = integer("VUS", 10)
    duration = seconds("DURATION", "1m")
