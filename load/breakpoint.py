"""
breakpoint: the arrival rate rises linearly from 1 to MAX visits/s over DURATION, and the run
stops as soon as the last ~10 s break the limits (failed requests >= 5 %, or p95 >= 2 s): the
rate reached then (in the summary's "broke") is the capacity of this deployment. Reaching it is
the finding, so the run reports it as a failed "breaking point" threshold, as k6's abortOnFail
did; a run that ends without breaking passes and says MAX was not enough.
"""

from shop import run
from shop.mix import Visitor
from shop.settings import number, seconds
from shop.shapes import ArrivalRate
from shop.thresholds import error_ratio_below, percentile_below

LIMITS = {"error_ratio": 0.05, "p95_ms": 2000}

run.scenario("breakpoint", pages=2, in_stock_only=True, break_when=LIMITS, thresholds=[
    error_ratio_below(LIMITS["error_ratio"]),
    percentile_below("HTTP", 0.95, LIMITS["p95_ms"]),
])


class BreakpointVisitor(Visitor):
    prefix = "breakpoint"


class Shape(ArrivalRate):
    start_rate = 1.0
    stages = [(seconds("DURATION", "5m"), number("MAX", 200))]
