"""
Load shapes. Closed model: a fixed number of users, each waiting for its answer before the next
step. Open model (as near as Locust gets): a target arrival rate of visits per second, turned
into users that each start VISITS_PER_USER visits a second (`constant_throughput`), so the rate,
not the answers, sets the pace; when answers are too slow for that, the visits fall behind and
the shortfall is measured (see shop.run) instead of silently lowering the rate.
"""

import math

from locust import LoadTestShape, constant_throughput

from . import scenarios

# Each open-model user starts at most this many visits a second: 0.5 leaves a user 2 s per visit,
# room for a checkout and its polling, so the user count (not a slow user) sets the rate.
VISITS_PER_USER = scenarios.number_of("VISITS_PER_USER")


def open_model_wait():
    return constant_throughput(VISITS_PER_USER)


class ConstantUsers(LoadTestShape):
    """`users` users for `duration` seconds, started `spawn_rate` a second."""

    abstract = True
    users = 1
    duration = 60.0
    spawn_rate = 10.0

    def tick(self):
        if self.get_run_time() >= self.duration:
            return None
        return self.users, self.spawn_rate


class ArrivalRate(LoadTestShape):
    """
    A target arrival rate in visits/s: from `start_rate`, each of `stages` (duration s, target)
    ramps linearly to its target. Also integrates the target, so the run can compare the visits
    it asked for with the visits that happened.
    """

    abstract = True
    start_rate = 1.0
    stages = [(60.0, 1.0)]

    def __init__(self):
        super().__init__()
        self.asked = 0.0
        self.last_tick = None

    def rate_at(self, t):
        begin, rate = 0.0, self.start_rate
        for duration, target in self.stages:
            if t < begin + duration:
                return rate + (target - rate) * (t - begin) / duration
            begin, rate = begin + duration, target
        return None

    def tick(self):
        t = self.get_run_time()
        rate = self.rate_at(t)
        if rate is None:
            return None
        if self.last_tick is not None:
            self.asked += rate * (t - self.last_tick)
        self.last_tick = t
        users = math.ceil(rate / VISITS_PER_USER) if rate > 0 else 0
        # Users start at once: a slow spawn would itself be a shortfall of arrivals.
        return users, max(10.0, float(users))


def shape_of(name):
    """The LoadTestShape of a scenario, as load/scenarios.json describes it."""
    if scenarios.spec(name)["model"] == "closed":
        users, duration = scenarios.closed_shape(name)
        return type("Shape", (ConstantUsers,), {"users": users, "duration": duration})
    start, stages = scenarios.arrival_shape(name)
    return type("Shape", (ArrivalRate,), {"start_rate": start, "stages": stages})
