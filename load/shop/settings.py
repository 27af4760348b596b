"""Scenario settings from the environment, so the same files run locally or against a cluster."""

import os
import re

DEFAULT_BASE_URL = "http://127.0.0.1:3000/api/v1"

# Only 127.0.0.1 on a developer machine; a cluster's gateway when BASE_URL says so.
BASE_URL = (os.environ.get("BASE_URL") or DEFAULT_BASE_URL).rstrip("/")


def number(name, default):
    """A number from the environment (VUS=10, RATE=2.5), or the default when unset or empty."""
    value = os.environ.get(name, "")
    return float(value) if value.strip() else float(default)


def integer(name, default):
    return int(round(number(name, default)))


_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600}


def seconds(name, default):
    """A duration such as 90, 30s, 2m, 1h or 1m30s, in seconds."""
    text = (os.environ.get(name, "") or default).strip().lower()
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text)
    parts = re.findall(r"(\d+(?:\.\d+)?)([hms])", text)
    if not parts or "".join(a + b for a, b in parts) != text:
        raise ValueError(f"{name}={text} is not a duration (90, 30s, 2m, 1h, 1m30s)")
    return sum(float(amount) * _UNITS[unit] for amount, unit in parts)
