"""
One scenario's life around Locust's: test data before the first user, a progress line every
PROGRESS_S seconds (and the break detection of breakpoint), the thresholds and the summary
(SUMMARY_FILE, JSON) when Locust quits. The exit code is 1 when a threshold failed.
"""

import json
import logging
import math
import os

import gevent
from locust import events
from locust.runners import WorkerRunner

from .catalog import CATALOG, SetupError
from . import scenarios
from .settings import BASE_URL
from .summary import summarize
from .thresholds import Threshold, from_spec, http_total

log = logging.getLogger("shop")

STATE = {"setup_error": None, "visits": 0, "broke": None, "monitor": None}


def visited():
    """Counts one visit of an open-model user (compared with the visits the shape asked for)."""
    STATE["visits"] += 1


def asked(environment):
    shape = environment.shape_class
    return getattr(shape, "asked", None)


def arrivals_at_least(ratio):
    """Open models: the visits that happened over those the arrival rate asked for."""
    def measure(environment):
        wanted = asked(environment)
        return None if not wanted else min(1.0, STATE["visits"] / wanted)
    return Threshold("arrivals achieved", f">= {ratio:.0%} of the target", measure,
                     lambda v: v >= ratio, "ratio")


def scenario(name):
    """
    Wires one scenario of load/scenarios.json: its test data, its thresholds and, when it has
    `breakWhen` ({"error_ratio", "p95_ms"}), the early stop.
    """
    data = scenarios.spec(name)["data"]
    pages, in_stock_only = data["pages"], data["inStockOnly"]
    break_when = scenarios.break_when(name)
    thresholds = [threshold_of(entry) for entry in scenarios.thresholds(name)]

    @events.init.add_listener
    def on_init(environment, **_kwargs):
        if not environment.stop_timeout:
            # Let a user finish its checkout and polling when the run ends.
            environment.stop_timeout = scenarios.seconds_of("STOP_TIMEOUT")
        # Test data before the shape's clock starts (test_start runs inside the spawning
        # greenlet, which the shape's next tick may kill). A worker finds its own.
        try:
            CATALOG.load((environment.host or BASE_URL).rstrip("/"), pages, in_stock_only)
        except SetupError as error:
            STATE["setup_error"] = str(error)
            log.error("setup failed: %s", error)
            gevent.spawn(environment.runner.quit)

    @events.test_start.add_listener
    def on_test_start(environment, **_kwargs):
        if not isinstance(environment.runner, WorkerRunner) and not STATE["monitor"]:
            STATE["monitor"] = gevent.spawn(monitor, environment, break_when)

    @events.quitting.add_listener
    def on_quitting(environment, **_kwargs):
        if isinstance(environment.runner, WorkerRunner):
            return
        results = [t.evaluate(environment) for t in thresholds]
        results += built_in_results(environment, break_when is not None)
        wanted = asked(environment)
        extra = {"setup_error": STATE["setup_error"], "broke": STATE["broke"],
                 "arrivals": None if wanted is None else
                 {"asked": round(wanted), "visits": STATE["visits"]}}
        summary = summarize(environment, name, results, extra)
        environment.process_exit_code = 0 if summary["passed"] else 1
        report(summary)


def threshold_of(entry):
    if entry["kind"] == "arrivals_at_least":
        return arrivals_at_least(entry["limit"])
    return from_spec(entry)


def built_in_results(environment, breaks):
    """What every run must hold besides its thresholds: it started, and its code never threw."""
    exceptions = sum(row["count"] for row in environment.runner.exceptions.values())
    broke = [{"metric": "breaking point", "condition": "not reached", "unit": "",
              "value": STATE["broke"] or "not reached", "passed": STATE["broke"] is None}]
    return (broke if breaks else []) + [
        {"metric": "setup", "condition": "test data found", "value": STATE["setup_error"] or "ok",
         "unit": "", "passed": STATE["setup_error"] is None},
        {"metric": "scenario exceptions", "condition": "== 0", "value": exceptions, "unit": "",
         "passed": exceptions == 0},
    ]


def report(summary):
    target = os.environ.get("SUMMARY_FILE")
    if target:
        with open(target, "w", encoding="utf-8") as file:
            json.dump(summary, file, indent=2)
    for result in summary["thresholds"]:
        log.info("threshold %s %s: %s (%s)", result["metric"], result["condition"],
                 "pass" if result["passed"] else "FAIL", result["value"])
    log.info("%s: %s", summary["scenario"], "passed" if summary["passed"] else "FAILED")


def monitor(environment, break_when):
    """Progress lines, and for breakpoint the first moment the last ~10 s broke the limits."""
    every = scenarios.number_of("PROGRESS_S")
    # Bounded: two days of ticks at most, whatever the shape says.
    for _ in range(math.ceil(2 * 86400 / every)):
        gevent.sleep(every)
        runner = environment.runner
        if runner is None or runner.state in ("stopping", "stopped", "cleanup"):
            return
        total = http_total(environment.stats)
        window = environment.stats.total
        rps, fails = window.current_rps, window.current_fail_per_sec
        p95 = window.get_current_response_time_percentile(0.95)
        log.info("progress: %d users, %.1f req/s now, %.1f failed/s, p95 %s ms, %d requests",
                 runner.user_count, rps, fails, p95, total.num_requests)
        if break_when and broken(break_when, rps, fails, p95):
            STATE["broke"] = {"after_s": round(runner_time(environment), 1),
                              "users": runner.user_count, "rps": round(rps, 1),
                              "failed_per_s": round(fails, 1), "p95_ms": p95}
            log.warning("broke: %s; stopping", STATE["broke"])
            gevent.spawn(runner.quit)
            return


def runner_time(environment):
    shape = environment.shape_class
    return shape.get_run_time() if shape else 0.0


def broken(limits, rps, fails, p95):
    if rps > 0 and fails / rps >= limits["error_ratio"]:
        return True
    return p95 is not None and p95 >= limits["p95_ms"]
