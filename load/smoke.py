"""
smoke: is every main route of the storefront alive and correct? A closed model, VUS users (2)
for DURATION (15s); each iteration browses (list, search, detail, categories), signs in, fills
the cart, checks out and follows the order to its end state. Any failed request fails the run.
"""

import random

from locust import constant, task
from shop import run
from shop.api import Shopper
from shop.catalog import CATALOG
from shop.settings import integer, seconds
from shop.shapes import ConstantUsers
from shop.thresholds import (checkout_success_at_least, confirmed_at_least, no_failed_requests,
                             percentile_below, to_confirmed_below)

run.scenario("smoke", pages=1, in_stock_only=True, thresholds=[
    no_failed_requests(),
    percentile_below("GET /products", 0.95, 1000),
    percentile_below("GET /products/:id", 0.95, 1000),
    percentile_below("POST /orders", 0.95, 1500),
    checkout_success_at_least(0.99),
    to_confirmed_below(0.95, 5000),
    confirmed_at_least(1),
])


class SmokeShopper(Shopper):
    wait_time = constant(0.5)

    @task
    def journey(self):
        listed = self.list_products("limit=20")["items"]
        self.search(random.choice(CATALOG.words), limit=10)
        self.product_detail(random.choice(listed or CATALOG.products)["id"])
        self.categories()
        if self.customer is None:
            self.register("smoke")
        token = self.login()
        self.me(token)
        self.clear_cart(token)
        self.add_to_cart(token, random.choice(CATALOG.products)["sku"], 1)
        self.get_cart(token)
        self.checkout(token)


class Shape(ConstantUsers):
    users = integer("VUS", 2)
    duration = seconds("DURATION", "15s")
