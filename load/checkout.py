"""
checkout: customers buying. A closed model: VUS users, each registering its own customer once,
then every iteration fills a cart with 1-3 products in stock, checks out with an
Idempotency-Key and polls the order until CONFIRMED, REJECTED or CANCELLED.

Against a gateway with its default limits, raise RATE_LIMIT_CHECKOUT_PER_CUSTOMER (30/min per
customer) and RATE_LIMIT_PER_IP, or the limiter is what this measures.
"""

import random

from locust import between, task
from shop import run
from shop.api import Shopper
from shop.catalog import CATALOG
from shop.scenarios import number_of
from shop.shapes import shape_of

# Its shape, settings and thresholds: load/scenarios.json (the k6 script reads the same).
run.scenario("checkout")


class Customer(Shopper):
    wait_time = between(0, number_of("THINK", "checkout"))

    @task
    def buy_something(self):
        self.buy("checkout", CATALOG.products, random.randint(1, 3))


Shape = shape_of("checkout")
