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
from shop.settings import integer, number, seconds
from shop.shapes import ConstantUsers
from shop.thresholds import (checkout_success_at_least, error_ratio_below, percentile_below,
                             to_confirmed_below)

run.scenario("checkout", pages=2, in_stock_only=True, thresholds=[
    error_ratio_below(0.01),
    percentile_below("POST /orders", 0.95, 1000),
    checkout_success_at_least(0.99),
    to_confirmed_below(0.95, 3000),
    to_confirmed_below(0.99, 6000),
])


class Customer(Shopper):
    wait_time = between(0, number("THINK", 1))

    @task
    def buy_something(self):
        self.buy("checkout", CATALOG.products, random.randint(1, 3))


class Shape(ConstantUsers):
    users = integer("VUS", 5)
    duration = seconds("DURATION", "1m")
