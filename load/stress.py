"""
stress: an open model that climbs past normal traffic in steps and holds each, to see where
latency bends. Visits per second, not users, are the input: a slow system gets more visits in
flight, as it would from real users. RATE is the top rate (visits/s), STEP the length of each of
the four steps (25/50/75/100 % of RATE, each reached by a short ramp), then a ramp down.
"""

from shop import run
from shop.mix import Visitor
from shop.settings import number, seconds
from shop.shapes import ArrivalRate
from shop.thresholds import (checkout_success_at_least, error_ratio_below, percentile_below,
                             to_confirmed_below)

RATE = number("RATE", 30)
STEP = seconds("STEP", "1m")
RAMP = min(10.0, STEP / 4)

run.scenario("stress", pages=2, in_stock_only=True, thresholds=[
    error_ratio_below(0.02),
    percentile_below("HTTP", 0.95, 1500),
    checkout_success_at_least(0.9),
    to_confirmed_below(0.95, 5000),
    run.arrivals_at_least(number("MIN_ARRIVALS", 0.9)),
])


class StressVisitor(Visitor):
    prefix = "stress"


class Shape(ArrivalRate):
    start_rate = max(1.0, RATE / 10)
    stages = [step for share in (0.25, 0.5, 0.75, 1.0)
              for step in ((RAMP, RATE * share), (STEP - RAMP, RATE * share))]
    stages += [(30.0, 0.0)]
