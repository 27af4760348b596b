"""
stress: an open model that climbs past normal traffic in steps and holds each, to see where
latency bends. Visits per second, not users, are the input: a slow system gets more visits in
flight, as it would from real users. RATE is the top rate (visits/s), STEP the length of each of
the four steps (25/50/75/100 % of RATE, each reached by a short ramp), then a ramp down.
"""

from shop import run
from shop.mix import Visitor
from shop.shapes import shape_of

# Its shape, settings and thresholds: load/scenarios.json (the k6 script reads the same).
run.scenario("stress")


class StressVisitor(Visitor):
    prefix = "stress"


Shape = shape_of("stress")
