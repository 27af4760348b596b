"""
spike: a sudden burst, open model. BASE visits/s for 30 s, a jump to PEAK within 10 s, held for
HOLD, then back to BASE for a minute to see the recovery. Passes when errors stay rare and the
system comes back; latency during the burst is reported, with a loose bound.
"""

from shop import run
from shop.mix import Visitor
from shop.settings import number, seconds
from shop.shapes import ArrivalRate
from shop.thresholds import checkout_success_at_least, error_ratio_below, percentile_below

BASE = number("BASE", 5)
PEAK = number("PEAK", 60)

run.scenario("spike", pages=2, in_stock_only=True, thresholds=[
    error_ratio_below(0.05),
    percentile_below("HTTP", 0.99, 5000),
    checkout_success_at_least(0.8),
])


class SpikeVisitor(Visitor):
    prefix = "spike"


class Shape(ArrivalRate):
    start_rate = BASE
    stages = [(30.0, BASE), (10.0, PEAK), (seconds("HOLD", "1m"), PEAK), (10.0, BASE),
              (60.0, BASE)]
