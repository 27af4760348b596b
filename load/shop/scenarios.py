"""
The scenarios' shapes, settings and thresholds, read from load/scenarios.json: the one source
of truth the k6 scripts (load/k6/options.ts) read too, so the two cannot drift. Pure Python
(no Locust import), so a test can dump what it resolves to (`python3 -m shop.scenarios`).
"""

import json
import math
import os
import re
import sys

FILE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                    "scenarios.json")

with open(FILE, encoding="utf-8") as _file:
    SPEC = json.load(_file)

_SETTING = re.compile(r"^[A-Z][A-Z0-9_]*$")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600}


def spec(name):
    return SPEC["scenarios"][name]


def default(setting, name=None):
    """The JSON default of a setting: the scenario's own, else the common one."""
    own = spec(name)["settings"] if name else {}
    if setting in own:
        return own[setting]
    return SPEC["common"]["settings"][setting]


def raw(setting, name=None):
    value = os.environ.get(setting, "")
    return value if value.strip() else default(setting, name)


def to_seconds(text, setting="duration"):
    """A duration such as 90, 30s, 2m, 1h or 1m30s, in seconds."""
    if isinstance(text, (int, float)):
        return float(text)
    text = str(text).strip().lower()
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text)
    parts = re.findall(r"(\d+(?:\.\d+)?)([hms])", text)
    if not parts or "".join(a + b for a, b in parts) != text:
        raise ValueError(f"{setting}={text} is not a duration (90, 30s, 2m, 1h, 1m30s)")
    return sum(float(amount) * _UNITS[unit] for amount, unit in parts)


def number_of(value, name=None):
    """A number in the JSON, or the setting it names (from the environment, else its default)."""
    if isinstance(value, str) and _SETTING.match(value):
        return float(raw(value, name))
    return float(value)


def seconds_of(value, name=None):
    """A duration in the JSON ("30s"), or the setting it names."""
    if isinstance(value, str) and _SETTING.match(value):
        return to_seconds(raw(value, name), value)
    return to_seconds(value)


def closed_shape(name):
    """(users, duration s) of a closed-model scenario."""
    shape = spec(name)["shape"]
    return int(round(number_of(shape["users"], name))), seconds_of(shape["duration"], name)


def arrival_shape(name):
    """(start rate, [(duration s, target rate)]) of an open-model scenario, in visits/s."""
    shape = spec(name)["shape"]
    if shape["kind"] == "steps":
        return _steps(shape, name)
    stages = [(seconds_of(duration, name), number_of(target, name))
              for duration, target in shape["stages"]]
    return number_of(shape["start"], name), stages


def _steps(shape, name):
    rate, step = number_of(shape["rate"], name), seconds_of(shape["step"], name)
    ramp = min(seconds_of(shape["maxRamp"]), step * shape["rampShareOfStep"])
    stages = [stage for share in shape["shares"]
              for stage in ((ramp, rate * share), (step - ramp, rate * share))]
    stages.append((seconds_of(shape["down"]), 0.0))
    return max(float(shape["minStart"]), rate * shape["startShare"]), stages


def thresholds(name):
    """The scenario's thresholds with every named setting resolved."""
    resolved = []
    for threshold in spec(name)["thresholds"]:
        entry = dict(threshold)
        if "limit" in entry:
            entry["limit"] = number_of(entry["limit"], name)
        resolved.append(entry)
    return resolved


def break_when(name):
    limits = spec(name).get("breakWhen")
    if not limits:
        return None
    return {"error_ratio": limits["errorRatio"], "p95_ms": limits["p95Ms"],
            "window_s": seconds_of(limits["window"])}


def resolved(name):
    """Everything a run of the scenario uses, for the agreement test."""
    entry = spec(name)
    out = {"model": entry["model"], "data": entry["data"], "thresholds": thresholds(name),
           "break_when": break_when(name)}
    if entry["model"] == "closed":
        users, duration = closed_shape(name)
        out["shape"] = {"users": users, "duration_s": duration}
    else:
        start, stages = arrival_shape(name)
        out["shape"] = {"start": start, "stages": [list(stage) for stage in stages],
                        "users_at_peak": math.ceil(max([start] + [t for _, t in stages]) /
                                                   number_of("VISITS_PER_USER"))}
    return out


if __name__ == "__main__":
    names = sys.argv[1:] or list(SPEC["scenarios"])
    json.dump({name: resolved(name) for name in names}, sys.stdout, indent=2)
