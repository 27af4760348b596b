"""
breakpoint: the arrival rate rises linearly from 1 to MAX visits/s over DURATION, and the run
stops as soon as the last ~10 s break the limits (failed requests >= 5 %, or p95 >= 2 s): the
rate reached then (in the summary's "broke") is the capacity of this deployment. Reaching it is
the finding, so the run reports it as a failed "breaking point" threshold, as k6's abortOnFail
did; a run that ends without breaking passes and says MAX was not enough.
"""

from shop import run
from shop.mix import Visitor
from shop.shapes import shape_of

# Its shape, settings, limits and thresholds: load/scenarios.json (the k6 script reads the same).
run.scenario("breakpoint")


class BreakpointVisitor(Visitor):
    prefix = "breakpoint"


Shape = shape_of("breakpoint")
