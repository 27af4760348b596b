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
from shop.shapes import shape_of

# Its shape, settings and thresholds: load/scenarios.json (the k6 script reads the same).
run.scenario("smoke")


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


Shape = shape_of("smoke")
