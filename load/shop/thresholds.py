"""
Thresholds: each scenario lists the ones its run must hold. They are evaluated once, when Locust
quits (shop.run), over the whole run; a failed one makes Locust exit with code 1.
"""

from locust.stats import StatsEntry

CHECKOUT = "CHECKOUT"


def http_total(stats):
    """Every HTTP request of the run as one entry (the CHECKOUT events are not requests)."""
    total = StatsEntry(stats, "HTTP", "")
    for entry in stats.entries.values():
        if entry.method != CHECKOUT:
            total.extend(entry)
    return total


def entry_of(stats, name):
    """The entry of a route named "GET /products" (or "CHECKOUT outcome"), None before any."""
    method = name.split(" ", 1)[0]
    key = name.split(" ", 1)[1] if method == CHECKOUT else name
    return stats.entries.get((key, method))


class Threshold:
    """`measure(environment)` gives a value (None: nothing measured, which fails); `holds` judges
    it."""

    def __init__(self, metric, condition, measure, holds, unit=""):
        self.metric, self.condition, self.unit = metric, condition, unit
        self.measure, self.holds = measure, holds

    def evaluate(self, environment):
        value = self.measure(environment)
        passed = value is not None and self.holds(value)
        return {"metric": self.metric, "condition": self.condition, "value": value,
                "unit": self.unit, "passed": passed}


def _ratio(entry):
    if entry is None or entry.num_requests == 0:
        return None
    return entry.num_failures / entry.num_requests


def _percentile(entry, percent):
    if entry is None or entry.num_requests - entry.num_failures <= 0:
        return None
    return entry.get_response_time_percentile(percent)


def error_ratio_below(limit):
    """Failed HTTP requests (unexpected status, network error) over all of them."""
    return Threshold("http failed ratio", f"< {limit:.2%}",
                     lambda env: _ratio(http_total(env.stats)), lambda v: v < limit, "ratio")


def no_failed_requests():
    return Threshold("http failed requests", "== 0",
                     lambda env: http_total(env.stats).num_failures, lambda v: v == 0)


def percentile_below(name, percent, limit_ms):
    """A latency percentile of one route, or of every HTTP request when `name` is "HTTP"."""
    def measure(env):
        entry = http_total(env.stats) if name == "HTTP" else entry_of(env.stats, name)
        return _percentile(entry, percent)
    return Threshold(f"{name} p{percent * 100:g}", f"< {limit_ms} ms", measure,
                     lambda v: v < limit_ms, "ms")


def checkout_success_at_least(limit):
    """Checkouts whose order ended CONFIRMED; refusals, REJECTED and timeouts count against."""
    def measure(env):
        ratio = _ratio(entry_of(env.stats, "CHECKOUT outcome"))
        return None if ratio is None else 1 - ratio
    return Threshold("checkout success rate", f">= {limit:.2%}", measure,
                     lambda v: v >= limit, "ratio")


def to_confirmed_below(percent, limit_ms):
    """POST /orders to the poll that saw CONFIRMED, as the customer sees it."""
    def measure(env):
        return _percentile(entry_of(env.stats, "CHECKOUT to_confirmed"), percent)
    return Threshold(f"CHECKOUT to_confirmed p{percent * 100:g}", f"< {limit_ms} ms", measure,
                     lambda v: v < limit_ms, "ms")


def confirmed_at_least(count):
    def measure(env):
        entry = entry_of(env.stats, "CHECKOUT to_confirmed")
        return 0 if entry is None else entry.num_requests
    return Threshold("orders confirmed", f">= {count}", measure, lambda v: v >= count)


def from_spec(entry):
    """A threshold of load/scenarios.json (its settings resolved by shop.scenarios)."""
    kind = entry["kind"]
    if kind == "no_failed_requests":
        return no_failed_requests()
    if kind == "error_ratio_below":
        return error_ratio_below(entry["limit"])
    if kind == "percentile_below":
        return percentile_below(entry["route"], entry["percentile"] / 100, entry["limitMs"])
    if kind == "checkout_success_at_least":
        return checkout_success_at_least(entry["limit"])
    if kind == "to_confirmed_below":
        return to_confirmed_below(entry["percentile"] / 100, entry["limitMs"])
    if kind == "confirmed_at_least":
        return confirmed_at_least(entry["count"])
    raise ValueError(f"unknown threshold kind {kind!r} in load/scenarios.json")
