"""
spike: a sudden burst, open model. BASE visits/s for 30 s, a jump to PEAK within 10 s, held for
HOLD, then back to BASE for a minute to see the recovery. Passes when errors stay rare and the
system comes back; latency during the burst is reported, with a loose bound.
"""

from shop import run
from shop.mix import Visitor
from shop.shapes import shape_of

# Its shape, settings and thresholds: load/scenarios.json (the k6 script reads the same).
run.scenario("spike")


class SpikeVisitor(Visitor):
    prefix = "spike"


Shape = shape_of("spike")
