"""
The mixed visit of the open-model scenarios (stress, spike, soak, breakpoint): mostly reads and a
share of checkouts (CHECKOUT_SHARE, default 0.1), as a shop sees its traffic.
"""

import random

from locust import task

from . import run
from .api import Shopper
from .catalog import CATALOG
from .scenarios import SPEC, number_of
from .shapes import open_model_wait


MIX = SPEC["common"]["mix"]


class Visitor(Shopper):
    """One visit per task run; the arrival rate comes from the shape and `constant_throughput`."""

    abstract = True
    wait_time = open_model_wait()
    prefix = "visit"
    checkout_share = number_of("CHECKOUT_SHARE")

    @task
    def visit(self):
        run.visited()
        roll = random.random()
        share = self.checkout_share
        if roll < share:
            self.buy(self.prefix, CATALOG.products, 1)
        elif roll < share + MIX["list"]:
            category = random.choice(CATALOG.categories) if CATALOG.categories else None
            self.list_products("limit=20" + (f"&category={category['slug']}" if category else ""))
        elif roll < share + MIX["list"] + MIX["search"]:
            self.search(random.choice(CATALOG.words))
        else:
            self.product_detail(random.choice(CATALOG.products)["id"])
