"""
soak: a steady, moderate arrival rate (RATE visits/s) for a long time (DURATION, default 30m), to
find what only time shows: memory growth, connection or outbox backlogs, token expiry (customers
sign in again every 4 minutes), slow drifts in latency. The thresholds of normal traffic hold for
the whole run.
"""

from shop import run
from shop.mix import Visitor
from shop.shapes import shape_of

# Its shape, settings and thresholds: load/scenarios.json (the k6 script reads the same).
run.scenario("soak")


class SoakVisitor(Visitor):
    prefix = "soak"


Shape = shape_of("soak")
