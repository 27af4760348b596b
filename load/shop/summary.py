"""The run as a JSON summary: per-route figures, checkouts, arrivals, failures, thresholds."""

import time

from .thresholds import CHECKOUT, entry_of, http_total

PERCENTILES = {"p50": 0.5, "p95": 0.95, "p99": 0.99}


def figures(entry):
    served = entry.num_requests - entry.num_none_requests
    out = {"requests": entry.num_requests, "failures": entry.num_failures,
           "rps": round(entry.total_rps, 2)}
    for key, percent in PERCENTILES.items():
        out[key] = entry.get_response_time_percentile(percent) if served else None
    out["avg"] = round(entry.avg_response_time, 1) if served else None
    out["max"] = round(entry.max_response_time, 1) if served else None
    return out


def checkouts(stats):
    outcome = entry_of(stats, "CHECKOUT outcome")
    confirmed = entry_of(stats, "CHECKOUT to_confirmed")
    if outcome is None:
        return None
    states = {}
    for error in stats.errors.values():
        if error.method == CHECKOUT:
            # The exception's repr, e.g. "CheckoutFailed('REJECTED')": keep the state only.
            state = str(error.error).split("'")[1] if "'" in str(error.error) else str(error.error)
            states[state] = states.get(state, 0) + error.occurrences
    confirmed_count = confirmed.num_requests if confirmed else 0
    return {
        "checkouts": outcome.num_requests,
        "confirmed": confirmed_count,
        "success_rate": confirmed_count / outcome.num_requests if outcome.num_requests else None,
        "other_end_states": states,
        "to_confirmed": figures(confirmed) if confirmed else None,
    }


def summarize(environment, scenario, results, extra):
    stats = environment.stats
    routes = [dict(name=f"{e.method} {e.name}" if e.method == CHECKOUT else e.name, **figures(e))
              for e in sorted(stats.entries.values(), key=lambda e: (e.method, e.name))]
    failures = [{"name": e.name, "method": e.method, "error": str(e.error),
                 "occurrences": e.occurrences}
                for e in sorted(stats.errors.values(), key=lambda e: -e.occurrences)]
    return {
        "scenario": scenario,
        "host": environment.host,
        "started_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(stats.start_time)),
        "duration_s": round(time.time() - stats.start_time, 1),
        "passed": all(result["passed"] for result in results),
        "thresholds": results,
        "http": figures(http_total(stats)),
        "routes": routes,
        "checkout": checkouts(stats),
        "failures": failures[:50],
        **extra,
    }
