"""
soak: a steady, moderate arrival rate (RATE visits/s) for a long time (DURATION, default 30m), to
find what only time shows: memory growth, connection or outbox backlogs, token expiry (customers
sign in again every 4 minutes), slow drifts in latency. The thresholds of normal traffic hold for
the whole run.
"""

from shop import run
from shop.mix import Visitor
from shop.settings import number, seconds
from shop.shapes import ArrivalRate
from shop.thresholds import (checkout_success_at_least, error_ratio_below, percentile_below,
                             to_confirmed_below)

RATE = number("RATE", 10)

run.scenario("soak", pages=2, in_stock_only=True, thresholds=[
    error_ratio_below(0.01),
    percentile_below("HTTP", 0.95, 800),
    percentile_below("HTTP", 0.99, 2000),
    checkout_success_at_least(0.95),
    to_confirmed_below(0.95, 3000),
    run.arrivals_at_least(0.95),
])


class SoakVisitor(Visitor):
    prefix = "soak"


class Shape(ArrivalRate):
    start_rate = RATE
    stages = [(seconds("DURATION", "30m"), RATE)]
